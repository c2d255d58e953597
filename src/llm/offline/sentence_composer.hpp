#pragma once
// Turns a template from the word banks into a sentence: fills its slots from the scene's facts and
// the banks, picks the tense, and capitalises it.
#include <string>
#include <string_view>
#include <utility>

#include "llm/offline/seeded_random.hpp"
#include "llm/offline/word_banks.hpp"

namespace authorworks::llm::offline {

// What stays fixed through one scene, so its sentences agree about where and when they happen.
struct SceneFacts {
  std::string setting;  // "the lighthouse kitchen"
  std::string object;   // the thing the scene turns on
  std::string place;    // somewhere else the characters think of
  std::string weather;
  std::string time;  // "at dusk"
};

class SentenceComposer {
 public:
  SentenceComposer(SeededRandom& random, const GenreBank& genre, bool past_tense, SceneFacts facts)
      : random_(&random), genre_(&genre), past_tense_(past_tense), facts_(std::move(facts)) {}

  // `name` fills {name}, `other` fills {other}. A slot no bank knows is kept as written, which the
  // unit tests catch.
  std::string fill(std::string_view pattern, std::string_view name, std::string_view other) const;

  const SceneFacts& facts() const noexcept { return facts_; }

 private:
  void append_slot(std::string& out, std::string_view slot, std::string_view name, std::string_view other) const;

  SeededRandom* random_;
  const GenreBank* genre_;
  bool past_tense_;
  SceneFacts facts_;
};

// "The a gale thickened" → "A gale thickened".
std::string tidy_articles(std::string text);

// "the lighthouse kitchen" → "The lighthouse kitchen"; ASCII letters only, which every bank uses.
std::string capitalise_first(std::string text);

}  // namespace authorworks::llm::offline
