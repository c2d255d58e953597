#pragma once
// A scene's text read back into the parts every export lays out (Markdown, EPUB, PDF), so that they
// agree on what is a paragraph, a cue or a stage direction. Lines end with '\n' (a '\r' before it
// is dropped) and are read trimmed of spaces and tabs.
// - Prose (a novel): one paragraph per non-empty line.
// - Screenplay format: blocks separated by blank lines; a scene heading, action, a character cue
//   with its parentheticals and dialogue, a transition.
// - Stage-play format: stage directions in brackets or parentheses, and speeches as "NAME: line".
#include <string>
#include <string_view>
#include <vector>

namespace authorworks::exporting {

// The non-empty lines of a text, trimmed.
std::vector<std::string_view> prose_paragraphs(std::string_view text);

// Runs of non-empty lines, each line trimmed; blank lines only separate them.
std::vector<std::vector<std::string_view>> text_blocks(std::string_view text);

enum class ScreenplayPart { scene_heading, action, character, parenthetical, dialogue, transition };

struct ScreenplayElement {
  ScreenplayPart part = ScreenplayPart::action;
  std::string text;

  bool operator==(const ScreenplayElement&) const = default;
};

// The elements of one scene in reading order. A cue is followed by its parentheticals and
// dialogue; the lines of dialogue between two parentheticals are joined into one speech, since
// the writer's line breaks inside a speech are wrapping, not meaning. Action keeps its lines.
std::vector<ScreenplayElement> parse_screenplay(std::string_view text);

enum class PlayPart { direction, speech };

struct PlayElement {
  PlayPart part = PlayPart::direction;
  std::string character;  // speech: the name, as written (capitals)
  std::string aside;      // speech: the parenthetical it opens with, "(quietly)", if any
  std::string text;       // direction: as written, with its brackets; speech: the words
                          // (lines that follow a speech without a blank line continue it)

  bool operator==(const PlayElement&) const = default;
};

std::vector<PlayElement> parse_play(std::string_view text);

// A stage direction's words without the brackets or parentheses around them.
std::string_view direction_words(std::string_view direction) noexcept;

}  // namespace authorworks::exporting
