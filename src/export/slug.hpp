#pragma once
#include <string>
#include <string_view>

namespace authorworks::exporting {

// A file-name-safe form of a title: ASCII letters and digits in lower case, every other run of
// characters one '-', at most `max_length` characters, never empty (`fallback` instead).
std::string slugify(std::string_view text, std::size_t max_length = 60, std::string_view fallback = "book");

}  // namespace authorworks::exporting
