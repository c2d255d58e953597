// Prompt building: marker lines, the bible as the cacheable context, and bounded size.
#include <gtest/gtest.h>

#include "generation/prompt_builder.hpp"
#include "generation/scene_text.hpp"

namespace gen = authorworks::generation;
using authorworks::llm::BookKind;

namespace {

std::string words(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? " " : "") + std::string("lorem");
  return out;
}

gen::StoryBible bible(int chapters, BookKind kind = BookKind::novel) {
  gen::StoryBible b;
  b.kind = kind;
  b.title = "The Lighthouse";
  b.braindump = words(300);
  b.genre = "gothic mystery";
  b.style = words(90);
  for (const auto* name : {"Ada", "Bram", "Cleo", "Dov", "Esme"})
    b.characters.push_back({name, "ally", words(45), words(20)});
  b.synopsis = words(380);
  for (int i = 1; i <= chapters; ++i) b.outline.push_back({i, "Title " + std::to_string(i), words(50)});
  return b;
}

gen::ChapterPlan plan(int number, int scenes) {
  gen::ChapterPlan p{number, "Chapter", words(30), words(30), {}};
  for (int i = 1; i <= scenes; ++i) p.scenes.push_back({i, "Scene", words(45), "The harbour", {"Ada", "Bram"}});
  return p;
}

std::size_t size_of(const authorworks::llm::Prompt& p) {
  return p.system.size() + p.cacheable_context.size() + p.user.size();
}

gen::SceneContext context(const gen::ChapterPlan& p, int scene, bool with_history) {
  gen::SceneContext c;
  c.plan = &p;
  c.scene = scene;
  c.target_words = 1800;
  if (with_history) {
    c.previous_chapter_summary = words(150);
    for (int i = 1; i < scene; ++i) c.earlier_scenes.push_back(words(50));
    c.previous_tail = words(300);
  }
  return c;
}

}  // namespace

TEST(GenerationPrompts, CarryTheMarkerLines) {
  const auto b = bible(12);
  const gen::PromptBuilder builder(b);
  EXPECT_EQ(builder.genre().user.rfind("Stage: genre\n", 0), 0u);
  EXPECT_NE(builder.outline(12).user.find("Stage: outline\nChapters: 12\n"), std::string::npos);
  EXPECT_NE(builder.chapter_plan(3, 4).user.find("Stage: chapter_plan\nChapter: 3\nScenes: 4\n"), std::string::npos);
  const auto p = plan(3, 3);
  EXPECT_NE(builder.scene(3, context(p, 2, true)).user.find("Stage: scene\nChapter: 3\nScene: 2\nTarget words: 1800\n"),
            std::string::npos);
  EXPECT_NE(builder.scene_continue(3, context(p, 2, true), words(500), 400).user.find("Target words: 400\n"),
            std::string::npos);
  EXPECT_NE(builder.summary(3, 2, "text").user.find("Stage: summary\n"), std::string::npos);
  const auto repair =
      builder.repair(authorworks::llm::Stage::outline, builder.outline(12), "{}", {"chapters is missing"});
  EXPECT_EQ(repair.user.rfind("Stage: repair\nRepair of: outline\n", 0), 0u);
  EXPECT_NE(repair.user.find("- chapters is missing"), std::string::npos);
}

TEST(GenerationPrompts, SystemPromptFitsTheKind) {
  EXPECT_NE(gen::PromptBuilder(bible(3)).genre().system.find("novelist"), std::string::npos);
  const auto screenplay = bible(3, BookKind::screenplay);
  EXPECT_NE(gen::PromptBuilder(screenplay).genre().system.find("screenwriter"), std::string::npos);
  const auto play = bible(3, BookKind::play);
  EXPECT_NE(gen::PromptBuilder(play).genre().system.find("playwright"), std::string::npos);
}

TEST(GenerationPrompts, TheBibleIsIdenticalAcrossLaterSteps) {
  const auto b = bible(40);
  const gen::PromptBuilder builder(b);
  const auto p2 = plan(2, 3);
  const auto p30 = plan(30, 3);
  const auto bible_text = builder.outline(40).cacheable_context;
  EXPECT_NE(bible_text.find("Ada (ally)"), std::string::npos);
  EXPECT_EQ(builder.chapter_plan(30, 3).cacheable_context, bible_text);
  EXPECT_EQ(builder.scene(2, context(p2, 1, false)).cacheable_context, bible_text);
  EXPECT_EQ(builder.scene(30, context(p30, 3, true)).cacheable_context, bible_text);
  EXPECT_EQ(builder.summary(30, 3, "x").cacheable_context, bible_text);
}

TEST(GenerationPrompts, SceneAndPlanPromptsStayFlatAcrossTheBook) {
  const auto b = bible(40);
  const gen::PromptBuilder builder(b);
  const auto p2 = plan(2, 3);
  const auto p30 = plan(30, 3);
  const auto early = size_of(builder.scene(2, context(p2, 2, true)));
  const auto late = size_of(builder.scene(30, context(p30, 2, true)));
  EXPECT_LT(static_cast<double>(late), early * 1.15) << early << " vs " << late;
  EXPECT_GT(static_cast<double>(late), early * 0.85) << early << " vs " << late;
  const auto plan_early = size_of(builder.chapter_plan(2, 3));
  const auto plan_late = size_of(builder.chapter_plan(30, 3));
  EXPECT_LT(static_cast<double>(plan_late), plan_early * 1.15);
  // The outline window never lists far chapters: chapter 38 is not in chapter 30's prompt.
  const auto late_user = builder.scene(30, context(p30, 2, true)).user;
  EXPECT_NE(late_user.find("Title 34"), std::string::npos);
  EXPECT_EQ(late_user.find("Title 38"), std::string::npos);
  EXPECT_EQ(late_user.find("Chapter 3: "), std::string::npos);
  // About 3,000 prompt tokens (chars/4) for an 1,800-word scene.
  EXPECT_LT(late / 4, 3500u);
}

TEST(GenerationPrompts, AVerboseBibleIsCapped) {
  auto b = bible(5);
  b.synopsis = words(3000);
  b.characters[0].description = words(1000);
  const gen::PromptBuilder builder(b);
  EXPECT_LT(gen::count_words(builder.bible_text()), 1200);
}
