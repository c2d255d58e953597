#include "export/scene_text.hpp"

#include <glib.h>

#include <initializer_list>

#include "core/text.hpp"

namespace authorworks::exporting {
namespace {

constexpr std::size_t kMaxCueCodePoints = 40;  // the cue column of a page is about that wide
constexpr std::size_t kMaxSpeakerBytes = 40;

template <typename Visit>
void for_each_trimmed_line(std::string_view text, Visit visit) {
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    visit(trim(text.substr(start, end - start)));
    start = end + 1;
  }
}

// Capitals, digits and punctuation only, with at least one capital: "MARA", "DR. VOSS (V.O.)",
// "ÉLODIE". Scripts without case have no capitals, so they never make a cue or a speaker this way.
bool is_capitals(std::string_view text) noexcept {
  bool capital = false;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p < end) {
    const gunichar c = g_utf8_get_char_validated(p, end - p);
    if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) return false;
    if (g_unichar_islower(c)) return false;
    capital = capital || g_unichar_isupper(c);
    p = g_utf8_next_char(p);
  }
  return capital;
}

bool starts_with_any(std::string_view text, std::initializer_list<std::string_view> prefixes) noexcept {
  for (const auto prefix : prefixes) {
    if (text.starts_with(prefix)) return true;
  }
  return false;
}

bool ends_with_any(std::string_view text, std::initializer_list<char> last) noexcept {
  if (text.empty()) return false;
  for (const char c : last) {
    if (text.back() == c) return true;
  }
  return false;
}

// "INT. KITCHEN - NIGHT", "EXT HARBOUR", "INT./EXT. CAR", "I/E VAN", "EST. CITY".
bool is_scene_heading(std::string_view line) noexcept {
  return starts_with_any(line, {"INT.", "EXT.", "EST.", "INT ", "EXT ", "EST ", "INT/EXT", "EXT/INT", "I/E.", "I/E "});
}

// "CUT TO:", "SMASH CUT TO:", "FADE OUT.". "FADE IN:" opens a script at the action margin, so it is
// action, not a transition.
bool is_transition(std::string_view line) noexcept {
  return is_capitals(line) && (line.ends_with(" TO:") || line == "FADE OUT." || line == "FADE TO BLACK." ||
                               line == "CUT TO BLACK." || line == "THE END" || line == "THE END.");
}

// A short line of capitals naming who speaks, perhaps with an extension: "MARA (V.O.)". A line of
// capitals that ends like a sentence ("A SHOT RINGS OUT.") is action written loud, not a name.
bool is_cue(std::string_view line) noexcept {
  return is_capitals(line) &&
         g_utf8_strlen(line.data(), static_cast<gssize>(line.size())) <= static_cast<glong>(kMaxCueCodePoints) &&
         !ends_with_any(line, {'.', ':', '!', '?'});
}

bool is_parenthetical(std::string_view line) noexcept {
  return line.size() >= 2 && line.front() == '(' && line.back() == ')';
}

// A whole line in parentheses, or one opening with a bracket (a writer may forget to close it).
bool is_direction(std::string_view line) noexcept { return line.front() == '[' || is_parenthetical(line); }

void append_joined(std::string& text, std::string_view more) {
  if (more.empty()) return;
  if (!text.empty()) text += ' ';
  text.append(more);
}

// "MARA: Run." -> the name's length before the colon; 0 when the line is no speech.
std::size_t speaker_length(std::string_view line) noexcept {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > kMaxSpeakerBytes) return 0;
  const auto name = trim(line.substr(0, colon));
  return !name.empty() && is_capitals(name) ? colon : 0;
}

void append_speech(std::vector<ScreenplayElement>& elements, const std::vector<std::string_view>& block) {
  elements.push_back({ScreenplayPart::character, std::string(block[0])});
  for (std::size_t i = 1; i < block.size(); ++i) {
    if (is_parenthetical(block[i])) {
      elements.push_back({ScreenplayPart::parenthetical, std::string(block[i])});
    } else if (elements.back().part == ScreenplayPart::dialogue) {
      append_joined(elements.back().text, block[i]);
    } else {
      elements.push_back({ScreenplayPart::dialogue, std::string(block[i])});
    }
  }
}

PlayElement speech(std::string_view line, std::size_t name_length) {
  PlayElement element{PlayPart::speech, std::string(trim(line.substr(0, name_length))), {}, {}};
  auto rest = trim(line.substr(name_length + 1));
  if (rest.starts_with('(')) {
    if (const auto close = rest.find(')'); close != std::string_view::npos) {
      element.aside = rest.substr(0, close + 1);
      rest = trim(rest.substr(close + 1));
    }
  }
  element.text = rest;
  return element;
}

}  // namespace

std::vector<std::string_view> prose_paragraphs(std::string_view text) {
  std::vector<std::string_view> paragraphs;
  for_each_trimmed_line(text, [&](std::string_view line) {
    if (!line.empty()) paragraphs.push_back(line);
  });
  return paragraphs;
}

std::vector<std::vector<std::string_view>> text_blocks(std::string_view text) {
  std::vector<std::vector<std::string_view>> blocks(1);
  for_each_trimmed_line(text, [&](std::string_view line) {
    if (line.empty()) {
      if (!blocks.back().empty()) blocks.emplace_back();
    } else {
      blocks.back().push_back(line);
    }
  });
  if (blocks.back().empty()) blocks.pop_back();
  return blocks;
}

std::vector<ScreenplayElement> parse_screenplay(std::string_view text) {
  std::vector<ScreenplayElement> elements;
  for (const auto& block : text_blocks(text)) {
    const auto first = block[0];
    if (block.size() > 1 && !is_scene_heading(first) && !is_transition(first) && is_cue(first)) {
      append_speech(elements, block);
      continue;
    }
    for (const auto line : block) {
      const auto part = is_scene_heading(line) ? ScreenplayPart::scene_heading
                        : is_transition(line)  ? ScreenplayPart::transition
                                               : ScreenplayPart::action;
      elements.push_back({part, std::string(line)});
    }
  }
  return elements;
}

std::vector<PlayElement> parse_play(std::string_view text) {
  std::vector<PlayElement> elements;
  bool in_speech = false;  // a line that is neither a direction nor a new speech continues the speech
  for_each_trimmed_line(text, [&](std::string_view line) {
    if (line.empty()) {
      in_speech = false;
    } else if (is_direction(line)) {
      elements.push_back({PlayPart::direction, {}, {}, std::string(line)});
      in_speech = false;
    } else if (const auto name_length = speaker_length(line); name_length > 0) {
      elements.push_back(speech(line, name_length));
      in_speech = true;
    } else if (in_speech) {
      append_joined(elements.back().text, line);
    } else {
      elements.push_back({PlayPart::direction, {}, {}, std::string(line)});
    }
  });
  return elements;
}

std::string_view direction_words(std::string_view direction) noexcept {
  if (direction.starts_with('[')) {
    direction.remove_prefix(1);
    if (direction.ends_with(']')) direction.remove_suffix(1);
  } else if (is_parenthetical(direction)) {
    direction = direction.substr(1, direction.size() - 2);
  }
  return trim(direction);
}

}  // namespace authorworks::exporting
