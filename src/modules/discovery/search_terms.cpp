#include "modules/discovery/search_terms.hpp"

namespace authorworks::discovery {
namespace {

// Letters and digits of any script: ASCII alphanumerics, and every byte of a multi-byte UTF-8
// sequence (the request layer has already refused invalid UTF-8).
bool term_byte(unsigned char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

}  // namespace

std::vector<std::string> search_terms(std::string_view query, std::size_t max_terms) {
  std::vector<std::string> terms;
  std::string current;
  auto flush = [&] {
    if (!current.empty() && terms.size() < max_terms) terms.push_back(current);
    current.clear();
  };
  for (const char ch : query) {
    const auto c = static_cast<unsigned char>(ch);
    if (term_byte(c)) {
      current += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : ch;
    } else {
      flush();
    }
  }
  flush();
  return terms;
}

std::string fts5_match(const std::vector<std::string>& terms) {
  std::string out;
  for (const auto& t : terms) out += (out.empty() ? "\"" : " AND \"") + t + "\"*";
  return out;
}

std::string tsquery_text(const std::vector<std::string>& terms) {
  std::string out;
  for (const auto& t : terms) out += (out.empty() ? "" : " & ") + t + ":*";
  return out;
}

}  // namespace authorworks::discovery
