#pragma once
// Composes a scene, or more of one, in the book's form to a word count: prose paragraphs for a
// novel, screenplay format for a screenplay, stage-play format for a play. Sentences come from the
// word banks through shuffled decks and are never repeated within the scene; the scene's beat (from
// its summary in the plan) decides which beat sentences are mixed in.
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "llm/offline/sentence_composer.hpp"
#include "llm/offline/word_banks.hpp"
#include "llm/writer.hpp"

namespace authorworks::llm::offline {

struct SceneSetup {
  BookKind kind = BookKind::novel;
  bool past_tense = true;  // prose only: screenplay action and stage directions are in the present
  const GenreBank* genre = nullptr;
  SceneFacts facts;
  bool interior = true;            // INT. or EXT.
  std::string day_part = "NIGHT";  // the end of a screenplay heading
  std::vector<std::string> names;  // how the scene's characters are called; the first is the point of view
  Beat beat = Beat::discovery;
  bool continuation = false;       // picks up mid-scene: no heading, no opening
  std::string_view previous_text;  // text already written, whose sentences are not repeated
};

// The scene's paragraphs (blocks in a screenplay or play), whose words add up to within a few
// percent of `target_words`. Throws WriterError(cancelled) when `stop` is requested.
std::vector<std::string> compose_scene(const SceneSetup& setup, int target_words, std::uint64_t seed,
                                       std::stop_token stop);

// Which beat a summary describes, by its words ("confronts" → confrontation); `fallback` when none.
Beat beat_of(std::string_view summary, Beat fallback);

}  // namespace authorworks::llm::offline
