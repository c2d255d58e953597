#include "export/xml_text.hpp"

namespace authorworks::exporting {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_continuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

// The length of the well-formed UTF-8 sequence at `i` that XML may carry, or 0.
std::size_t valid_sequence(std::string_view text, std::size_t i) noexcept {
  const auto c = static_cast<unsigned char>(text[i]);
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const auto left = text.size() - i;
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && is_continuation(at(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || !is_continuation(at(1)) || !is_continuation(at(2))) return 0;
    if (c == 0xE0 && at(1) < 0xA0) return 0;                                       // overlong
    if (c == 0xED && at(1) >= 0xA0) return 0;                                      // a surrogate
    if (c == 0xEF && at(1) == 0xBF && (at(2) == 0xBE || at(2) == 0xBF)) return 0;  // U+FFFE, U+FFFF
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || !is_continuation(at(1)) || !is_continuation(at(2)) || !is_continuation(at(3))) return 0;
    if (c == 0xF0 && at(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && at(1) >= 0x90) return 0;  // beyond U+10FFFF
    return 4;
  }
  return 0;
}

template <bool Escape>
void append_clean(std::string& out, std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (!Escape) {
        if (c >= 0x20 ? c != 0x7F : c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
        ++i;
        continue;
      }
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        case '\t':
        case '\n':
        case '\r': out += static_cast<char>(c); break;
        default:
          if (c >= 0x20 && c != 0x7F) out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const auto length = valid_sequence(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    // C1 controls (U+0080-U+009F) are allowed by XML 1.0 but discouraged, and epubcheck warns.
    if (c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      i += length;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
}

}  // namespace

void append_xml(std::string& out, std::string_view text) { append_clean<true>(out, text); }

std::string clean_xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_clean<false>(out, text);
  return out;
}

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  append_xml(out, text);
  return out;
}

}  // namespace authorworks::exporting
