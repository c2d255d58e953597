#pragma once
// Word counts and cuts on drafted text: what the length control measures and where it may cut.
#include <cstdint>
#include <string>
#include <string_view>

namespace authorworks::generation {

// Words are runs of non-whitespace, so a screenplay's character cues and headings count too.
std::int64_t count_words(std::string_view text) noexcept;

// The last `words` words of `text`, starting at a word boundary (the whole text when shorter).
std::string_view tail_words(std::string_view text, std::int64_t words) noexcept;

// Cuts an over-long scene: the longest prefix ending at a paragraph break (a blank line) that has at
// most `max_words` words and at least `min_words`; else at a sentence end; else at a word boundary.
std::string trim_to_words(std::string_view text, std::int64_t min_words, std::int64_t max_words);

// Joins a continuation to the text so far with one paragraph break between them.
std::string join_continuation(std::string_view text, std::string_view more);

// SHA-256 of `text` as lowercase hex.
std::string sha256_hex(std::string_view text);

}  // namespace authorworks::generation
