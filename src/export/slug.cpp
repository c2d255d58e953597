#include "export/slug.hpp"

namespace authorworks::exporting {

std::string slugify(std::string_view text, std::size_t max_length, std::string_view fallback) {
  std::string slug;
  bool pending_dash = false;
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      // Apostrophes join words ("Dragon's" -> "dragons") instead of splitting them.
      if (c != '\'') pending_dash = !slug.empty();
      continue;
    }
    if (pending_dash) slug += '-';
    pending_dash = false;
    slug += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (slug.size() > max_length) {
    // Cut between words when there is a word boundary to cut at, never in the middle of one.
    const bool mid_word = slug[max_length] != '-';
    slug.resize(max_length);
    if (mid_word) {
      if (const auto dash = slug.rfind('-'); dash != std::string::npos && dash > 0) slug.resize(dash);
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
  }
  if (slug.empty()) return std::string(fallback);
  return slug;
}

}  // namespace authorworks::exporting
