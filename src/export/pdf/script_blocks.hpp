#pragma once
// Scene text read back into the parts a typesetter places differently. Prose: one paragraph per
// non-empty line. Screenplay format: blocks separated by blank lines (a scene heading, action, a
// character cue with its parentheticals and dialogue, a transition). Stage-play format: stage
// directions in parentheses or brackets, and speeches as "NAME: line".
#include <string>
#include <string_view>
#include <vector>

namespace authorworks::exporting::pdf {

// The non-empty lines of a text, trimmed.
std::vector<std::string_view> prose_paragraphs(std::string_view text);

enum class ScreenplayPart { scene_heading, action, character, parenthetical, dialogue, transition };

struct ScreenplayElement {
  ScreenplayPart part = ScreenplayPart::action;
  std::string text;
};

// The elements of one scene in reading order; a cue is followed by its parentheticals and dialogue.
std::vector<ScreenplayElement> parse_screenplay(std::string_view text);

enum class PlayPart { direction, speech };

struct PlayElement {
  PlayPart part = PlayPart::direction;
  std::string character;  // speech: the name, as written (capitals)
  std::string text;       // direction: without its brackets; speech: the line
};

std::vector<PlayElement> parse_play(std::string_view text);

}  // namespace authorworks::exporting::pdf
