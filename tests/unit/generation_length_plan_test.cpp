// Length planning: how target_words splits into chapters, scenes and scene targets.
#include <gtest/gtest.h>

#include <numeric>

#include "core/error.hpp"
#include "generation/length_plan.hpp"

namespace gen = authorworks::generation;
using authorworks::Error;
using authorworks::ErrorCode;
using authorworks::llm::BookKind;

namespace {

std::int64_t sum_of_scenes(const gen::LengthPlan& plan) {
  std::int64_t total = 0;
  for (const auto& c : plan.chapters) {
    EXPECT_EQ(std::accumulate(c.scene_words.begin(), c.scene_words.end(), std::int64_t{0}), c.words);
    total += c.words;
  }
  return total;
}

}  // namespace

TEST(GenerationLengthPlan, DefaultsPerKind) {
  EXPECT_EQ(gen::plan_length(BookKind::novel, 0).target_words, 60'000);
  EXPECT_EQ(gen::plan_length(BookKind::screenplay, 0).target_words, 22'000);
  EXPECT_EQ(gen::plan_length(BookKind::play, 0).target_words, 18'000);
}

TEST(GenerationLengthPlan, OutOfRangeNamesTargetWords) {
  for (const std::int64_t bad : {std::int64_t{1}, std::int64_t{499}, std::int64_t{250'001}, std::int64_t{-5}}) {
    try {
      gen::plan_length(BookKind::novel, bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::validation_failed);
      ASSERT_EQ(e.fields().size(), 1u);
      EXPECT_EQ(e.fields()[0].field, "target_words");
    }
  }
  EXPECT_NO_THROW(gen::plan_length(BookKind::novel, 500));
  EXPECT_NO_THROW(gen::plan_length(BookKind::novel, 250'000));
}

TEST(GenerationLengthPlan, SharesSumExactlyToTheTarget) {
  for (const auto kind : {BookKind::novel, BookKind::screenplay, BookKind::play}) {
    for (const std::int64_t target : {500, 777, 5'000, 18'000, 60'000, 80'000, 123'457, 250'000}) {
      const auto plan = gen::plan_length(kind, target);
      EXPECT_EQ(sum_of_scenes(plan), target) << target;
      for (std::size_t i = 0; i < plan.chapters.size(); ++i) {
        EXPECT_EQ(plan.chapters[i].number, static_cast<int>(i + 1));
        EXPECT_FALSE(plan.chapters[i].scene_words.empty());
      }
    }
  }
}

TEST(GenerationLengthPlan, NovelScenesAreSizedForABoundedContext) {
  const auto plan = gen::plan_length(BookKind::novel, 80'000);
  EXPECT_GE(plan.chapter_count(), 12);
  EXPECT_LE(plan.chapter_count(), 30);
  for (const auto& c : plan.chapters) {
    for (const auto words : c.scene_words) {
      EXPECT_GE(words, 1200);
      EXPECT_LE(words, 2000);
    }
  }
}

TEST(GenerationLengthPlan, PlaysHaveAtMostFiveActs) {
  EXPECT_LE(gen::plan_length(BookKind::play, 250'000).chapter_count(), 5);
  EXPECT_EQ(gen::plan_length(BookKind::play, 18'000).chapter_count(), 3);
  const auto screenplay = gen::plan_length(BookKind::screenplay, 22'000);
  EXPECT_GE(screenplay.chapter_count(), 4);
  EXPECT_LE(screenplay.chapter_count(), 16);
}

TEST(GenerationLengthPlan, TinyBookIsOneScene) {
  const auto plan = gen::plan_length(BookKind::novel, 500);
  EXPECT_EQ(plan.chapter_count(), 1);
  EXPECT_EQ(plan.scene_count(), 1);
  EXPECT_EQ(plan.chapters[0].scene_words[0], 500);
}
