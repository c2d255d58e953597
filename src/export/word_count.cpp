#include "export/word_count.hpp"

namespace authorworks::exporting {
namespace {

bool is_space(unsigned char c) noexcept {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
// Letters, digits and every byte of a multi-byte UTF-8 character count as word material.
bool is_word_material(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

}  // namespace

std::int64_t count_words(std::string_view text) noexcept {
  std::int64_t words = 0;
  bool in_token = false;
  bool token_has_material = false;
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (is_space(c)) {
      if (in_token && token_has_material) ++words;
      in_token = false;
      token_has_material = false;
      continue;
    }
    in_token = true;
    token_has_material = token_has_material || is_word_material(c);
  }
  if (in_token && token_has_material) ++words;
  return words;
}

}  // namespace authorworks::exporting
