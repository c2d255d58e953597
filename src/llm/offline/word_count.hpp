#pragma once
// Words as the pipeline counts them: runs of non-whitespace, so headings, cues and stage directions
// count like any other word.
#include <cstddef>
#include <string_view>

namespace authorworks::llm::offline {

constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

constexpr std::size_t count_words(std::string_view text) noexcept {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool space = is_space(c);
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

}  // namespace authorworks::llm::offline
