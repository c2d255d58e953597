#pragma once
// Soft hyphens (U+00AD) for English text, from the libhyphen patterns of the hyphen-en-us package.
// Pango breaks a line at a soft hyphen and draws a hyphen there, so inserting them is all the
// hyphenation a layout needs. Only words that are plainly English get them: all-lowercase ASCII
// words of seven letters or more (names, acronyms and words in other scripts are left whole).
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace authorworks::exporting::pdf {

class Hyphenator {
 public:
  // Loads the patterns; without the dictionary file the hyphenator leaves text as it is.
  explicit Hyphenator(const std::filesystem::path& dictionary);
  ~Hyphenator();
  Hyphenator(const Hyphenator&) = delete;
  Hyphenator& operator=(const Hyphenator&) = delete;

  // The process-wide hyphenator for US English (/usr/share/hyphen/hyph_en_US.dic), loaded once.
  // Hyphenating only reads the patterns, so it is shared between threads.
  static const Hyphenator& english();

  bool loaded() const noexcept { return dictionary_ != nullptr; }
  std::string hyphenate(std::string_view text) const;

 private:
  void hyphenate_word(std::string_view word, std::string& out) const;

  struct Dictionary;
  Dictionary* dictionary_ = nullptr;
};

}  // namespace authorworks::exporting::pdf
