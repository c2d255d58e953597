#include "generation/scene_text.hpp"

#include <sodium.h>

#include <array>

#include "auth/sodium.hpp"
#include "core/text.hpp"

namespace authorworks::generation {
namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// The byte offsets just after each word's end, so that prefix lengths in words map to bytes.
template <class OnWordEnd>
void for_each_word_end(std::string_view text, OnWordEnd&& on_word_end) {
  bool in_word = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool space = is_space(text[i]);
    if (in_word && space) on_word_end(i);
    in_word = !space;
  }
  if (in_word) on_word_end(text.size());
}

}  // namespace

std::int64_t count_words(std::string_view text) noexcept {
  std::int64_t words = 0;
  for_each_word_end(text, [&](std::size_t) { ++words; });
  return words;
}

std::string_view tail_words(std::string_view text, std::int64_t words) noexcept {
  if (words <= 0) return {};
  std::int64_t seen = 0;
  std::size_t i = text.size();
  while (i > 0) {
    while (i > 0 && is_space(text[i - 1])) --i;
    if (i == 0) break;
    while (i > 0 && !is_space(text[i - 1])) --i;
    if (++seen == words) break;
  }
  return text.substr(i);
}

std::string trim_to_words(std::string_view text, std::int64_t min_words, std::int64_t max_words) {
  std::size_t paragraph_cut = 0;
  std::size_t sentence_cut = 0;
  std::size_t word_cut = 0;
  std::int64_t words = 0;
  for_each_word_end(text, [&](std::size_t end) {
    ++words;
    if (words > max_words) return;
    word_cut = end;
    if (words < min_words) return;
    const char last = text[end - 1];
    if (last == '.' || last == '!' || last == '?' || last == '"' || last == ')') sentence_cut = end;
    if (text.substr(end, 2) == "\n\n" || text.substr(end, 4) == "\r\n\r\n" || end == text.size()) paragraph_cut = end;
  });
  const auto cut = paragraph_cut != 0 ? paragraph_cut : sentence_cut != 0 ? sentence_cut : word_cut;
  return std::string(text.substr(0, cut));
}

std::string join_continuation(std::string_view text, std::string_view more) {
  const auto head = text.substr(0, text.find_last_not_of(" \t\r\n") + 1);
  const auto rest = trim(more);
  if (head.empty()) return std::string(rest);
  if (rest.empty()) return std::string(head);
  std::string out;
  out.reserve(head.size() + rest.size() + 2);
  out.append(head).append("\n\n").append(rest);
  return out;
}

std::string sha256_hex(std::string_view text) {
  auth::ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> hash{};
  crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(hash.size() * 2);
  for (const auto byte : hash) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0x0f]);
  }
  return out;
}

}  // namespace authorworks::generation
