#pragma once
#include <string>
#include <string_view>

namespace authorworks::storage {

// A client's file name made safe to keep and to show: the last path segment only (either slash),
// no control characters, invalid UTF-8 replaced, no leading dots or spaces (so never "." or ".."),
// at most 200 bytes (cut at a character boundary, the extension kept). "file" when nothing is left.
// The name is never used as a path: blobs are stored under keys the application makes.
std::string sanitize_file_name(std::string_view name);

// The Content-Disposition header value that offers `name` for download: an ASCII fallback in
// filename= and the exact name in filename*= (RFC 6266, RFC 8187).
std::string attachment_disposition(std::string_view name);

}  // namespace authorworks::storage
