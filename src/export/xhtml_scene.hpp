#pragma once
// A scene's text as XHTML for the EPUB: prose paragraphs for a novel, screenplay elements (scene
// heading, action, character cue, parenthetical, dialogue, transition) and stage-play elements
// (stage direction, speech with the speaker's name) as classes the stylesheet lays out. The text is
// read by scene_text.hpp, as the Markdown and PDF exports read it.
#include <string>
#include <string_view>

#include "llm/writer.hpp"

namespace authorworks::exporting {

// Appends the scene's body (paragraphs, no heading) to `out`, every text escaped.
void append_scene_xhtml(std::string& out, llm::BookKind kind, std::string_view text);

// Appends one line of text, escaped, with *emphasis* (a pair of asterisks around words, as the
// writers mark italics) as <em>; an asterisk without its pair stays as it is.
void append_inline_xhtml(std::string& out, std::string_view line);

}  // namespace authorworks::exporting
