#include "export/xhtml_scene.hpp"

#include "export/scene_text.hpp"
#include "export/xml_text.hpp"

namespace authorworks::exporting {
namespace {

void paragraph(std::string& out, std::string_view css_class, std::string_view line) {
  out += "<p class=\"";
  out += css_class;
  out += "\">";
  append_inline_xhtml(out, line);
  out += "</p>\n";
}

std::string_view css_class(ScreenplayPart part) noexcept {
  switch (part) {
    case ScreenplayPart::scene_heading: return "scene-heading";
    case ScreenplayPart::character: return "character";
    case ScreenplayPart::parenthetical: return "parenthetical";
    case ScreenplayPart::dialogue: return "dialogue";
    case ScreenplayPart::transition: return "transition";
    case ScreenplayPart::action: break;
  }
  return "action";
}

bool is_speech_part(ScreenplayPart part) noexcept {
  return part == ScreenplayPart::parenthetical || part == ScreenplayPart::dialogue;
}

// A cue and the parentheticals and dialogue after it make one <div class="speech">.
void append_screenplay(std::string& out, std::string_view text) {
  bool in_speech = false;
  for (const auto& element : parse_screenplay(text)) {
    const bool continues_speech = in_speech && is_speech_part(element.part);
    if (in_speech && !continues_speech) out += "</div>\n";
    if (element.part == ScreenplayPart::character) out += "<div class=\"speech\">\n";
    in_speech = element.part == ScreenplayPart::character || continues_speech;
    paragraph(out, css_class(element.part), element.text);
  }
  if (in_speech) out += "</div>\n";
}

void append_speech(std::string& out, const PlayElement& speech) {
  out += "<p class=\"speech\"><span class=\"character\">";
  append_xml(out, speech.character);
  out += "</span> ";
  if (!speech.aside.empty()) {
    out += "<span class=\"parenthetical\">";
    append_xml(out, speech.aside);
    out += "</span> ";
  }
  append_inline_xhtml(out, speech.text);
  out += "</p>\n";
}

void append_play(std::string& out, std::string_view text) {
  for (const auto& element : parse_play(text)) {
    if (element.part == PlayPart::speech) {
      append_speech(out, element);
    } else {
      paragraph(out, "stage-direction", element.text);
    }
  }
}

void append_prose(std::string& out, std::string_view text) {
  for (const auto line : prose_paragraphs(text)) {
    out += "<p>";
    append_inline_xhtml(out, line);
    out += "</p>\n";
  }
}

bool is_word_character(char c) noexcept { return c != ' ' && c != '\t' && c != '\r' && c != '*'; }

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
