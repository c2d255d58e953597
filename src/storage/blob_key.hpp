#pragma once
#include <string>

namespace authorworks::storage {

// Keys are made by the application ("<user id>/<file id>"), but a store still refuses anything
// that could leave its bucket: empty segments, "." and "..", a leading '/', control characters or
// a backslash. Throws std::invalid_argument naming the key.
void check_blob_key(const std::string& key);

}  // namespace authorworks::storage
