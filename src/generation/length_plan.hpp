#pragma once
// How a book's target length splits into chapters (sequences of a screenplay, acts of a play),
// scenes per chapter and words per scene. Decided once, up front, from the kind and target_words,
// so that parallel chapters each know their share; within a chapter the engine corrects as it goes.
#include <cstdint>
#include <vector>

#include "llm/writer.hpp"

namespace authorworks::generation {

inline constexpr std::int64_t kMinTargetWords = 500;
inline constexpr std::int64_t kMaxTargetWords = 250'000;

struct ChapterLength {
  int number = 0;
  std::int64_t words = 0;                 // this chapter's share of the book
  std::vector<std::int64_t> scene_words;  // its scenes' shares, summing to `words`
};

struct LengthPlan {
  llm::BookKind kind = llm::BookKind::novel;
  std::int64_t target_words = 0;
  std::vector<ChapterLength> chapters;

  int chapter_count() const noexcept { return static_cast<int>(chapters.size()); }
  int scene_count() const noexcept;
};

// novel 60,000, screenplay 22,000, play 18,000.
std::int64_t default_target_words(llm::BookKind kind) noexcept;

// `target_words` 0 takes the kind's default; outside 500..250,000 throws Error(validation_failed)
// naming "target_words".
LengthPlan plan_length(llm::BookKind kind, std::int64_t target_words);

}  // namespace authorworks::generation
