#include "export/pdf/styled_text.hpp"

namespace authorworks::exporting::pdf {
namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A marker opens emphasis when the text right after it is not a space, and closes when the text
// right before it is not a space: "*a* b" emphasises "a", "2 * 3 * 4" emphasises nothing.
std::size_t find_closing(std::string_view text, std::size_t from, std::string_view marker) {
  for (auto at = text.find(marker, from); at != std::string_view::npos; at = text.find(marker, at + 1)) {
    if (at == from || is_space(text[at - 1])) continue;
    // "**" closes bold, but a single '*' must not be the first half of "**".
    if (marker.size() == 1 && at + 1 < text.size() && text[at + 1] == '*') {
      ++at;
      continue;
    }
    return at;
  }
  return std::string_view::npos;
}

bool opens(std::string_view text, std::size_t at, std::size_t width) {
  return at + width < text.size() && !is_space(text[at + width]);
}

void parse_into(std::string_view text, StyledText& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '*') {
      out.text += text[i++];
      continue;
    }
    const bool bold = i + 1 < text.size() && text[i + 1] == '*';
    const std::string_view marker = bold ? "**" : "*";
    if (opens(text, i, marker.size())) {
      const auto close = find_closing(text, i + marker.size(), marker);
      if (close != std::string_view::npos) {
        const auto start = out.text.size();
        parse_into(text.substr(i + marker.size(), close - i - marker.size()), out);
        out.spans.push_back({start, out.text.size(), bold ? Emphasis::bold : Emphasis::italic});
        i = close + marker.size();
        continue;
      }
    }
    out.text.append(marker);
    i += marker.size();
  }
}

}  // namespace

StyledText parse_emphasis(std::string_view text) {
  StyledText out;
  out.text.reserve(text.size());
  parse_into(text, out);
  return out;
}

std::string curl_quotes(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  bool previous_opened = false;  // the character before was an opening quote: "'Hi,' he said"
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '"' && c != '\'') {
      out += c;
      previous_opened = false;
      continue;
    }
    bool opening = i == 0 || previous_opened;
    if (!opening) {
      const char before = text[i - 1];
      opening = is_space(before) || before == '(' || before == '[' || before == '*' || before == '-';
      // An em or en dash (U+2014, U+2013) before the quote: "—'Tis" or "–\"Run".
      if (!opening && i >= 3 && text.substr(i - 3, 2) == "\xE2\x80" &&
          (text[i - 1] == '\x94' || text[i - 1] == '\x93')) {
        opening = true;
      }
    }
    if (c == '"') {
      out += opening ? "\xE2\x80\x9C" : "\xE2\x80\x9D";
    } else {
      out += opening ? "\xE2\x80\x98" : "\xE2\x80\x99";
    }
    previous_opened = opening;
  }
  return out;
}

}  // namespace authorworks::exporting::pdf
