#include "export/markdown_text.hpp"

#include <cstdio>

namespace authorworks::exporting {
namespace {

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// A line made only of one of '-', '*', '_', '=' (and spaces) is a rule or a setext underline.
bool is_rule_like(std::string_view line) noexcept {
  const char first = line.front();
  if (first != '-' && first != '*' && first != '_' && first != '=') return false;
  for (const char c : line) {
    if (c != first && !is_blank(c)) return false;
  }
  return true;
}

}  // namespace

std::string escape_markdown_inline(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (const char c : text) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '#':
      case '|': out += '\\'; break;
      case '\n':
      case '\r':
      case '\t': out += ' '; continue;
      default: break;
    }
    out += c;
  }
  return out;
}

std::string escape_markdown_line_start(std::string_view line) {
  std::size_t start = 0;
  while (start < line.size() && is_blank(line[start])) ++start;
  std::size_t end = line.size();
  while (end > start && is_blank(line[end - 1])) --end;
  line = line.substr(start, end - start);
  if (line.empty()) return {};
  std::string out;
  out.reserve(line.size() + 1);
  const char first = line.front();
  const bool marker_then_space = line.size() == 1 || line[1] == ' ' || line[1] == '\t';
  if (first == '#' || first == '>' || first == '<' || is_rule_like(line) ||
      ((first == '-' || first == '+' || first == '*') && marker_then_space) || line.starts_with("```") ||
      line.starts_with("~~~")) {
    out += '\\';
    out += line;
    return out;
  }
  // "1. " or "1) " opens an ordered list: the backslash goes before the delimiter.
  std::size_t digits = 0;
  while (digits < line.size() && digits < 10 && is_digit(line[digits])) ++digits;
  if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')') &&
      (digits + 1 == line.size() || line[digits + 1] == ' ' || line[digits + 1] == '\t')) {
    out.append(line.substr(0, digits));
    out += '\\';
    out.append(line.substr(digits));
    return out;
  }
  out.append(line);
  return out;
}

std::string heading_anchor(std::string_view heading) {
  std::string anchor;
  anchor.reserve(heading.size());
  for (std::size_t i = 0; i < heading.size(); ++i) {
    const char raw = heading[i];
    const auto c = static_cast<unsigned char>(raw);
    // Capitals of Latin-1 (U+00C0-U+00DE but U+00D7, the multiplication sign) are lowered as
    // renderers lower them; other scripts are kept as written.
    if (c == 0xC3 && i + 1 < heading.size()) {
      const auto next = static_cast<unsigned char>(heading[i + 1]);
      anchor += raw;
      anchor += static_cast<char>(next >= 0x80 && next <= 0x9E && next != 0x97 ? next + 0x20 : next);
      ++i;
      continue;
    }
    if (c >= 'A' && c <= 'Z') {
      anchor += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || is_digit(raw) || c == '-' || c == '_' || c >= 0x80) {
      anchor += raw;
    } else if (c == ' ') {
      anchor += '-';
    }
  }
  return anchor;
}

std::string yaml_quote(std::string_view text) {
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    switch (raw) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char hex[5];
          std::snprintf(hex, sizeof hex, "\\x%02X", c);
          out += hex;
        } else {
          out += raw;
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace authorworks::exporting
