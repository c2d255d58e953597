#include "generation/length_plan.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"

namespace authorworks::generation {
namespace {

struct KindShape {
  double scene_words;      // the preferred scene size: large enough that the bounded context is a
                           // small share of each prompt, small enough for one model call
  int scenes_per_chapter;  // the preferred number of scenes in a chapter
  int max_chapters;        // a play has at most five acts, a screenplay about a dozen sequences
  int max_scenes_per_chapter;
};

KindShape shape_of(llm::BookKind kind) noexcept {
  switch (kind) {
    case llm::BookKind::novel: return {1800, 3, 120, 8};
    case llm::BookKind::screenplay: return {1100, 3, 16, 30};
    case llm::BookKind::play: return {1500, 4, 5, 40};
  }
  return {1800, 3, 120, 8};
}

// Splits `total` into `parts` integers that differ by at most one and sum to `total`.
std::vector<std::int64_t> split_evenly(std::int64_t total, std::int64_t parts) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(parts), total / parts);
  for (std::int64_t i = 0; i < total % parts; ++i) ++out[static_cast<std::size_t>(i)];
  return out;
}

}  // namespace

int LengthPlan::scene_count() const noexcept {
  int n = 0;
  for (const auto& chapter : chapters) n += static_cast<int>(chapter.scene_words.size());
  return n;
}

std::int64_t default_target_words(llm::BookKind kind) noexcept {
  switch (kind) {
    case llm::BookKind::novel: return 60'000;
    case llm::BookKind::screenplay: return 22'000;
    case llm::BookKind::play: return 18'000;
  }
  return 60'000;
}

LengthPlan plan_length(llm::BookKind kind, std::int64_t target_words) {
  if (target_words == 0) target_words = default_target_words(kind);
  if (target_words < kMinTargetWords || target_words > kMaxTargetWords) {
    throw validation_error("target_words", "must be between " + std::to_string(kMinTargetWords) + " and " +
                                               std::to_string(kMaxTargetWords) + " words");
  }
  const auto shape = shape_of(kind);
  const auto wanted_scenes =
      std::max<std::int64_t>(1, std::llround(static_cast<double>(target_words) / shape.scene_words));
  const auto chapters = std::clamp<std::int64_t>(
      std::llround(static_cast<double>(wanted_scenes) / shape.scenes_per_chapter), 1, shape.max_chapters);
  // Very long plays and screenplays grow their scenes rather than their act or sequence count.
  const auto scenes = std::min<std::int64_t>(wanted_scenes, chapters * shape.max_scenes_per_chapter);
  const auto scenes_per_chapter = split_evenly(scenes, chapters);

  LengthPlan plan;
  plan.kind = kind;
  plan.target_words = target_words;
  // Words go to chapters in proportion to their scenes, then evenly to the scenes.
  std::int64_t assigned = 0;
  std::int64_t scenes_before = 0;
  for (std::int64_t c = 0; c < chapters; ++c) {
    const auto n = scenes_per_chapter[static_cast<std::size_t>(c)];
    scenes_before += n;
    const auto until_here = target_words * scenes_before / scenes;
    ChapterLength chapter;
    chapter.number = static_cast<int>(c + 1);
    chapter.words = until_here - assigned;
    chapter.scene_words = split_evenly(chapter.words, n);
    assigned = until_here;
    plan.chapters.push_back(std::move(chapter));
  }
  return plan;
}

}  // namespace authorworks::generation
