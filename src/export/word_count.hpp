#pragma once
#include <cstdint>
#include <string_view>

namespace authorworks::exporting {

// Words as a reader counts them: runs of characters between whitespace. Punctuation standing alone
// (a dash between spaces, a scene break's asterisks) is not a word.
std::int64_t count_words(std::string_view text) noexcept;

}  // namespace authorworks::exporting
