#pragma once
// The editor's documents are Plate values (platejs): a JSON array of block elements, each
// {"type": "p", "children": [...]}, down to text leaves {"text": "...", "bold": true, ...}. The
// manuscript keeps plain text, paragraphs separated by a blank line, so these convert one to the
// other: one paragraph per block (line breaks inside a paragraph stay in its text, as a screenplay's
// cue and line do, and so does the whitespace a line starts with). Marks and block types (bold, a
// heading, a block quote wrapping paragraphs) live only in the stored document; the manuscript gets
// their text. A chapter's document holds its scenes in order with a scene break between two scenes:
// a void {"type": "hr"} block.
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace authorworks::editor {

inline constexpr std::string_view kSceneBreakType = "hr";

// Throws validation_error("content", ...) when `value` is not a Plate value this editor keeps: a
// non-empty array of at most 20,000 blocks, elements with a short "type" and a non-empty
// "children" array, text leaves with a "text" string, at most 12 levels deep.
void validate_plate_value(const boost::json::value& value);

// The blocks for one scene's text; one empty paragraph for an empty scene.
boost::json::array plate_blocks_from_text(std::string_view text);

// The document for these scene texts, a scene break between two scenes.
boost::json::array plate_value_from_scenes(const std::vector<std::string>& scene_texts);

// The text of each section between scene breaks: one for a scene's document. Takes a value that
// passed validate_plate_value.
std::vector<std::string> scene_texts_from_plate(const boost::json::array& value);

// The text as the editor will give it back: paragraphs without the blank lines around them or the
// whitespace at their end, one blank line between them. Says whether the manuscript changed under a
// document.
std::string normalized_scene_text(std::string_view text);

}  // namespace authorworks::editor
