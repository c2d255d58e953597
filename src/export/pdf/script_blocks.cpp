#include "export/pdf/script_blocks.hpp"

#include <glib.h>

namespace authorworks::exporting::pdf {
namespace {

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> trimmed_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(trim(text.substr(start, end - start)));
    start = end + 1;
  }
  return lines;
}

// Blank-line separated groups of lines.
std::vector<std::vector<std::string_view>> blocks_of(std::string_view text) {
  std::vector<std::vector<std::string_view>> blocks(1);
  for (const auto line : trimmed_lines(text)) {
    if (line.empty()) {
      if (!blocks.back().empty()) blocks.emplace_back();
    } else {
      blocks.back().push_back(line);
    }
  }
  if (blocks.back().empty()) blocks.pop_back();
  return blocks;
}

// Capitals, digits and punctuation only, with at least one letter: "MARA", "DR. VOSS (V.O.)".
bool is_capitals(std::string_view text) {
  bool letter = false;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p < end) {
    const gunichar c = g_utf8_get_char_validated(p, end - p);
    if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) return false;
    if (g_unichar_islower(c)) return false;
    letter = letter || g_unichar_isalpha(c);
    p = g_utf8_next_char(p);
  }
  return letter;
}

bool starts_with_any(std::string_view text, std::initializer_list<std::string_view> prefixes) {
  for (const auto prefix : prefixes) {
    if (text.starts_with(prefix)) return true;
  }
  return false;
}

bool is_scene_heading(std::string_view line) {
  return starts_with_any(
      line, {"INT. ", "EXT. ", "INT/EXT", "EXT/INT", "I/E.", "I/E ", "INT ", "EXT ", "EST. ", "INT.-", "EXT.-"});
}

bool is_transition(std::string_view line) {
  return is_capitals(line) && (line.ends_with(" TO:") || line == "FADE OUT." || line == "FADE TO BLACK." ||
                               line == "CUT TO BLACK." || line == "THE END" || line == "THE END.");
}

// A cue is short: a name and perhaps an extension such as "(V.O.)" or "(CONT'D)".
bool is_cue(std::string_view line) { return line.size() <= 48 && is_capitals(line) && !line.ends_with(':'); }

bool bracketed(std::string_view line) {
  return line.size() >= 2 &&
         ((line.front() == '(' && line.back() == ')') || (line.front() == '[' && line.back() == ']'));
}

std::string joined(const std::vector<std::string_view>& lines, std::size_t from, std::size_t to) {
  std::string text;
  for (std::size_t i = from; i < to; ++i) {
    if (!text.empty()) text += ' ';
    text.append(lines[i]);
  }
  return text;
}

// "MARA: Run." -> the name's length; 0 when the line is no speech.
std::size_t speaker_length(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 40) return 0;
  const auto name = trim(line.substr(0, colon));
  return !name.empty() && is_capitals(name) ? colon : 0;
}

}  // namespace

std::vector<std::string_view> prose_paragraphs(std::string_view text) {
  std::vector<std::string_view> paragraphs;
  for (const auto line : trimmed_lines(text)) {
    if (!line.empty()) paragraphs.push_back(line);
  }
  return paragraphs;
}

std::vector<ScreenplayElement> parse_screenplay(std::string_view text) {
  std::vector<ScreenplayElement> elements;
  for (const auto& block : blocks_of(text)) {
    std::size_t i = 0;
    if (is_scene_heading(block[0])) {
      elements.push_back({ScreenplayPart::scene_heading, std::string(block[0])});
      i = 1;
    } else if (block.size() == 1 && is_transition(block[0])) {
      elements.push_back({ScreenplayPart::transition, std::string(block[0])});
      continue;
    } else if (block.size() > 1 && is_cue(block[0])) {
      elements.push_back({ScreenplayPart::character, std::string(block[0])});
      // Parentheticals stand on lines of their own; the lines between them are one speech.
      std::size_t j = 1;
      while (j < block.size()) {
        if (block[j].front() == '(' && block[j].back() == ')') {
          elements.push_back({ScreenplayPart::parenthetical, std::string(block[j])});
          ++j;
          continue;
        }
        std::size_t end = j;
        while (end < block.size() && !(block[end].front() == '(' && block[end].back() == ')')) ++end;
        elements.push_back({ScreenplayPart::dialogue, joined(block, j, end)});
        j = end;
      }
      continue;
    }
    // Action keeps the writer's line breaks: each line is a paragraph.
    for (; i < block.size(); ++i) {
      if (is_scene_heading(block[i])) {
        elements.push_back({ScreenplayPart::scene_heading, std::string(block[i])});
      } else {
        elements.push_back({ScreenplayPart::action, std::string(block[i])});
      }
    }
  }
  return elements;
}

std::vector<PlayElement> parse_play(std::string_view text) {
  std::vector<PlayElement> elements;
  bool in_speech = false;  // a line that is neither direction nor a new speech continues the speech
  for (const auto line : trimmed_lines(text)) {
    if (line.empty()) {
      in_speech = false;
      continue;
    }
    if (bracketed(line)) {
      elements.push_back({PlayPart::direction, {}, std::string(trim(line.substr(1, line.size() - 2)))});
      in_speech = false;
      continue;
    }
    if (const auto colon = speaker_length(line); colon > 0) {
      elements.push_back(
          {PlayPart::speech, std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
      in_speech = true;
      continue;
    }
    if (in_speech) {
      elements.back().text += ' ';
      elements.back().text.append(line);
    } else {
      elements.push_back({PlayPart::direction, {}, std::string(line)});
    }
  }
  return elements;
}

}  // namespace authorworks::exporting::pdf
