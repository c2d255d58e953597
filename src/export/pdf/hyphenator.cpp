#include "export/pdf/hyphenator.hpp"

#include <glib.h>
#include <hyphen.h>

#include <cstdlib>
#include <vector>

namespace authorworks::exporting::pdf {
namespace {

constexpr std::size_t kShortestWord = 7;
// The pattern file asks for two letters before a break and three after; a break that leaves a
// two-letter fragment at a line's start reads badly in a justified book, so three on both sides.
constexpr std::size_t kLettersBefore = 3;
constexpr std::size_t kLettersAfter = 3;
constexpr std::string_view kSoftHyphen = "\xC2\xAD";

bool is_lower_ascii(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_ascii_letter(char c) noexcept { return is_lower_ascii(c) || (c >= 'A' && c <= 'Z'); }

// Whether the character starting at byte `at` is a letter (of any script).
bool letter_at(std::string_view text, std::size_t at) {
  if (at >= text.size()) return false;
  const gunichar c = g_utf8_get_char_validated(text.data() + at, static_cast<gssize>(text.size() - at));
  return c != static_cast<gunichar>(-1) && c != static_cast<gunichar>(-2) && g_unichar_isalpha(c);
}

// Whether the character ending just before byte `at` is a letter.
bool letter_before(std::string_view text, std::size_t at) {
  if (at == 0) return false;
  std::size_t start = at - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  return letter_at(text, start);
}

}  // namespace

struct Hyphenator::Dictionary {
  HyphenDict* patterns;
};

Hyphenator::Hyphenator(const std::filesystem::path& dictionary) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(dictionary, error)) return;
  if (auto* patterns = hnj_hyphen_load(dictionary.c_str())) dictionary_ = new Dictionary{patterns};
}

Hyphenator::~Hyphenator() {
  if (dictionary_ == nullptr) return;
  hnj_hyphen_free(dictionary_->patterns);
  delete dictionary_;
}

const Hyphenator& Hyphenator::english() {
  static const Hyphenator instance("/usr/share/hyphen/hyph_en_US.dic");
  return instance;
}

std::string Hyphenator::hyphenate(std::string_view text) const {
  if (!loaded()) return std::string(text);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_ascii_letter(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_ascii_letter(text[end])) ++end;
    // A run of letters glued to a letter beyond ASCII belongs to a word with an accent ("naïve") or
    // in another script: English patterns would split it wrongly.
    const bool foreign = letter_before(text, i) || letter_at(text, end);
    const auto word = text.substr(i, end - i);
    if (foreign) {
      out.append(word);
    } else {
      hyphenate_word(word, out);
    }
    i = end;
  }
  return out;
}

void Hyphenator::hyphenate_word(std::string_view word, std::string& out) const {
  bool lower = true;
  for (const char c : word) lower = lower && is_lower_ascii(c);
  if (!lower || word.size() < kShortestWord) {
    out.append(word);
    return;
  }
  std::vector<char> hyphens(word.size() + 5, '0');
  char** rep = nullptr;
  int* pos = nullptr;
  int* cut = nullptr;
  // libhyphen reads the word as a C string in places (strlen), whatever word_size says: a view into
  // the middle of a paragraph would run on to the paragraph's end and overflow `hyphens`.
  const std::string terminated(word);
  const int failed = hnj_hyphen_hyphenate2(dictionary_->patterns, terminated.c_str(), static_cast<int>(word.size()),
                                           hyphens.data(), nullptr, &rep, &pos, &cut);
  if (rep != nullptr) {
    // Non-standard (replacing) breaks do not occur in English patterns; their tables are freed unused.
    for (std::size_t k = 0; k < word.size(); ++k) std::free(rep[k]);
    std::free(rep);
    std::free(pos);
    std::free(cut);
  }
  if (failed != 0) {
    out.append(word);
    return;
  }
  for (std::size_t k = 0; k < word.size(); ++k) {
    out += word[k];
    const std::size_t before = k + 1;
    const std::size_t after = word.size() - before;
    if ((hyphens[k] & 1) != 0 && before >= kLettersBefore && after >= kLettersAfter) out.append(kSoftHyphen);
  }
}

}  // namespace authorworks::exporting::pdf
