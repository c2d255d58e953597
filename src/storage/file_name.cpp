#include "storage/file_name.hpp"

#include "core/text.hpp"

namespace authorworks::storage {
namespace {

constexpr std::size_t kMaxBytes = 200;

// The length of the UTF-8 sequence at the start of `text`, 0 when it is not a valid one.
std::size_t sequence_length(std::string_view text) {
  const auto lead = static_cast<unsigned char>(text[0]);
  std::size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3 : (lead >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || n > text.size()) return 0;
  return is_valid_utf8(text.substr(0, n)) ? n : 0;
}

// Cuts `text` (valid UTF-8) to at most `limit` bytes without splitting a character.
std::string cut(std::string_view text, std::size_t limit) {
  std::size_t end = 0;
  while (end < text.size()) {
    const auto n = sequence_length(text.substr(end));
    if (end + n > limit) break;
    end += n;
  }
  return std::string(text.substr(0, end));
}

}  // namespace

std::string sanitize_file_name(std::string_view name) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string clean;
  while (!name.empty()) {
    const auto n = sequence_length(name);
    if (n == 0) {
      clean += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
      name.remove_prefix(1);
      continue;
    }
    const auto c = static_cast<unsigned char>(name[0]);
    const bool control = n == 1 && (c < 0x20 || c == 0x7f);
    // C1 controls (U+0080..U+009F) and the bidirectional overrides that disguise extensions.
    const bool c1 = n == 2 && c == 0xc2 && static_cast<unsigned char>(name[1]) < 0xa0;
    const auto seq = name.substr(0, n);
    const bool bidi = seq == "\u202a" || seq == "\u202b" || seq == "\u202c" || seq == "\u202d" || seq == "\u202e" ||
                      seq == "\u2066" || seq == "\u2067" || seq == "\u2068" || seq == "\u2069";
    if (!control && !c1 && !bidi) clean.append(seq);
    name.remove_prefix(n);
  }
  const auto start = clean.find_first_not_of(". ");
  clean = start == std::string::npos ? std::string() : clean.substr(start);
  while (!clean.empty() && (clean.back() == ' ' || clean.back() == '.')) clean.pop_back();
  if (clean.empty()) return "file";
  if (clean.size() <= kMaxBytes) return clean;
  const auto dot = clean.rfind('.');
  const std::string extension = dot != std::string::npos && clean.size() - dot <= 16 ? clean.substr(dot) : "";
  return cut(clean, kMaxBytes - extension.size()) + extension;
}

std::string attachment_disposition(std::string_view name) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string fallback;
  std::string encoded;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    fallback += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%') ? ch : '_';
    const bool attr_char = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                           std::string_view("!#$&+-.^_`|~").find(ch) != std::string_view::npos;
    if (attr_char) {
      encoded += ch;
    } else {
      encoded += '%';
      encoded += digits[c >> 4];
      encoded += digits[c & 0x0f];
    }
  }
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace authorworks::storage
