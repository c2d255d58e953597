#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace authorworks {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;
// The number of Unicode code points in `text`, which must be valid UTF-8 (check is_valid_utf8 first).
std::size_t count_code_points(std::string_view text) noexcept;

// Percent-decoding; `plus_is_space` for application/x-www-form-urlencoded query strings.
// Returns nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

std::string to_lower(std::string_view text);
std::string_view trim(std::string_view text) noexcept;

}  // namespace authorworks
