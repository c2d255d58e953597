#include "export/xhtml_scene.hpp"

#include <vector>

#include "export/xml_text.hpp"

namespace authorworks::exporting {
namespace {

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Blocks are runs of non-blank lines, trimmed.
std::vector<std::vector<std::string_view>> blocks_of(std::string_view text) {
  std::vector<std::vector<std::string_view>> blocks(1);
  for (const auto raw : lines_of(text)) {
    const auto line = trim(raw);
    if (line.empty()) {
      if (!blocks.back().empty()) blocks.emplace_back();
    } else {
      blocks.back().push_back(line);
    }
  }
  if (blocks.back().empty()) blocks.pop_back();
  return blocks;
}

// Upper case as a cue is written: letters present, none of them lower case (ASCII; other scripts
// have no case and never make a cue by this rule).
bool is_upper_case(std::string_view text) noexcept {
  bool letter = false;
  for (const char c : text) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') letter = true;
  }
  return letter;
}

bool is_scene_heading(std::string_view line) noexcept {
  return line.starts_with("INT.") || line.starts_with("EXT.") || line.starts_with("INT/EXT") ||
         line.starts_with("I/E") || line.starts_with("EST.");
}

bool is_transition(std::string_view line) noexcept {
  return is_upper_case(line) && (line.ends_with("TO:") || line == "FADE IN:" || line == "FADE OUT." ||
                                 line == "FADE TO BLACK." || line == "THE END");
}

bool is_parenthetical(std::string_view line) noexcept {
  return line.size() >= 2 && line.front() == '(' && line.back() == ')';
}

// A character cue: a short upper-case line, maybe with an extension ("ANNA (V.O.)").
bool is_cue(std::string_view line) noexcept {
  return line.size() <= 40 && is_upper_case(line) && !line.ends_with(".") && !line.ends_with(":");
}

void paragraph(std::string& out, std::string_view css_class, std::string_view line) {
  out += "<p class=\"";
  out += css_class;
  out += "\">";
  append_inline_xhtml(out, line);
  out += "</p>\n";
}

void append_screenplay(std::string& out, std::string_view text) {
  for (const auto& block : blocks_of(text)) {
    if (block.size() >= 2 && is_cue(block[0]) && !is_scene_heading(block[0])) {
      out += "<div class=\"speech\">\n";
      paragraph(out, "character", block[0]);
      for (std::size_t i = 1; i < block.size(); ++i) {
        paragraph(out, is_parenthetical(block[i]) ? "parenthetical" : "dialogue", block[i]);
      }
      out += "</div>\n";
      continue;
    }
    for (const auto line : block) {
      paragraph(out, is_scene_heading(line) ? "scene-heading" : is_transition(line) ? "transition" : "action", line);
    }
  }
}

// "NAME: (aside) words": the speaker's name before the colon in upper case.
void append_speech(std::string& out, std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 40 || !is_upper_case(line.substr(0, colon))) {
    paragraph(out, "stage-text", line);
    return;
  }
  auto rest = trim(line.substr(colon + 1));
  out += "<p class=\"speech\"><span class=\"character\">";
  append_xml(out, line.substr(0, colon));
  out += "</span> ";
  if (rest.starts_with("(")) {
    if (const auto close = rest.find(')'); close != std::string_view::npos) {
      out += "<span class=\"parenthetical\">";
      append_xml(out, rest.substr(0, close + 1));
      out += "</span> ";
      rest = trim(rest.substr(close + 1));
    }
  }
  append_inline_xhtml(out, rest);
  out += "</p>\n";
}

void append_play(std::string& out, std::string_view text) {
  for (const auto& block : blocks_of(text)) {
    for (const auto line : block) {
      if (line.front() == '[' || (line.front() == '(' && line.back() == ')')) {
        paragraph(out, "stage-direction", line);
      } else {
        append_speech(out, line);
      }
    }
  }
}

void append_prose(std::string& out, std::string_view text) {
  for (const auto raw : lines_of(text)) {
    const auto line = trim(raw);
    if (line.empty()) continue;
    out += "<p>";
    append_inline_xhtml(out, line);
    out += "</p>\n";
  }
}

bool is_word_character(char c) noexcept { return !is_blank(c) && c != '*'; }

}  // namespace

void append_inline_xhtml(std::string& out, std::string_view line) {
  std::size_t done = 0;
  std::size_t i = 0;
  while (i < line.size()) {
    // An opening asterisk touches a word on its right; its closing one a word on its left.
    if (line[i] == '*' && i + 1 < line.size() && is_word_character(line[i + 1]) &&
        (i == 0 || !is_word_character(line[i - 1]))) {
      auto close = line.find('*', i + 1);
      while (close != std::string_view::npos && !is_word_character(line[close - 1])) {
        close = line.find('*', close + 1);
      }
      if (close != std::string_view::npos) {
        append_xml(out, line.substr(done, i - done));
        out += "<em>";
        append_xml(out, line.substr(i + 1, close - i - 1));
        out += "</em>";
        i = done = close + 1;
        continue;
      }
    }
    ++i;
  }
  append_xml(out, line.substr(done));
}

void append_scene_xhtml(std::string& out, llm::BookKind kind, std::string_view text) {
  switch (kind) {
    case llm::BookKind::screenplay: append_screenplay(out, text); return;
    case llm::BookKind::play: append_play(out, text); return;
    case llm::BookKind::novel: break;
  }
  append_prose(out, text);
}

}  // namespace authorworks::exporting
