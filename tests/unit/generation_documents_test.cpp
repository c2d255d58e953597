// Validators of the structured stage outputs and the precision of their messages.
#include <gtest/gtest.h>

#include <algorithm>

#include "generation/story_documents.hpp"

namespace gen = authorworks::generation;

namespace {

bool mentions(const std::vector<std::string>& errors, const std::string& text) {
  return std::any_of(errors.begin(), errors.end(), [&](const auto& e) { return e.find(text) != std::string::npos; });
}

std::string plan_json(int number, int scenes) {
  std::string out =
      "{\"number\":" + std::to_string(number) + ",\"title\":\"T\",\"opening\":\"O\",\"ending\":\"E\",\"scenes\":[";
  for (int i = 1; i <= scenes; ++i) {
    out += (i > 1 ? "," : "") + std::string("{\"number\":") + std::to_string(i) +
           ",\"title\":\"S\",\"summary\":\"x\",\"setting\":\"y\",\"characters\":[\"A\"]}";
  }
  return out + "]}";
}

}  // namespace

TEST(GenerationDocuments, CharactersValidInsideAFence) {
  const auto r = gen::validate_characters(
      "Here you go:\n```json\n{\"characters\":[{\"name\":\"A\",\"role\":\"r\",\"description\":\"d\",\"arc\":\"a\"},"
      "{\"name\":\"B\",\"role\":\"r\",\"description\":\"d\",\"arc\":\"a\"}]}\n```");
  ASSERT_TRUE(r.ok()) << r.errors.front();
  EXPECT_EQ(r.document->size(), 2u);
  EXPECT_EQ((*r.document)[1].name, "B");
}

TEST(GenerationDocuments, CharactersProblemsAreNamed) {
  auto r = gen::validate_characters(
      "{\"characters\":[{\"name\":\"A\",\"role\":\"r\",\"description\":\"d\",\"arc\":\"a\"},"
      "{\"name\":\"A\",\"role\":\"\",\"description\":\"d\"}]}");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(mentions(r.errors, "characters[1].name \"A\" is used by an earlier character"));
  EXPECT_TRUE(mentions(r.errors, "characters[1].role is empty"));
  EXPECT_TRUE(mentions(r.errors, "characters[1].arc is missing"));

  r = gen::validate_characters(
      "{\"characters\":[{\"name\":\"A\",\"role\":\"r\",\"description\":\"d\",\"arc\":\"a\"}]}");
  EXPECT_TRUE(mentions(r.errors, "characters has 1 entries, expected 2 to 12"));
  EXPECT_TRUE(mentions(gen::validate_characters("no json here").errors, "no JSON object"));
  EXPECT_TRUE(mentions(gen::validate_characters("{\"characters\": [}").errors, "not valid JSON"));
  EXPECT_TRUE(mentions(gen::validate_characters("{\"people\": []}").errors, "characters is missing"));
}

TEST(GenerationDocuments, OutlineNeedsExactlyNChaptersNumberedInOrder) {
  const std::string two =
      "{\"chapters\":[{\"number\":1,\"title\":\"a\",\"summary\":\"b\"},"
      "{\"number\":3,\"title\":\"c\",\"summary\":\"d\"}]}";
  auto r = gen::validate_outline(two, 2);
  EXPECT_TRUE(mentions(r.errors, "chapters[1].number is 3, expected 2"));
  r = gen::validate_outline(two, 3);
  EXPECT_TRUE(mentions(r.errors, "chapters has 2 entries, expected exactly 3"));
  r = gen::validate_outline("{\"chapters\":[{\"number\":\"1\",\"title\":\"a\",\"summary\":\"b\"}]}", 1);
  EXPECT_TRUE(mentions(r.errors, "chapters[0].number must be an integer"));
  r = gen::validate_outline("{\"chapters\":[{\"number\":1,\"title\":\"a\",\"summary\":\"b\"}]}", 1);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r.document)[0].title, "a");
}

TEST(GenerationDocuments, ChapterPlanChecksNumberScenesAndMembers) {
  auto r = gen::validate_chapter_plan(plan_json(4, 3), 4, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.document->scenes.size(), 3u);
  EXPECT_EQ(r.document->scenes[2].characters, std::vector<std::string>{"A"});

  r = gen::validate_chapter_plan(plan_json(4, 3), 5, 2);
  EXPECT_TRUE(mentions(r.errors, "plan.number is 4, expected 5"));
  EXPECT_TRUE(mentions(r.errors, "plan.scenes has 3 entries, expected exactly 2"));

  r = gen::validate_chapter_plan(
      "{\"number\":1,\"title\":\"T\",\"opening\":\"O\",\"scenes\":[{\"number\":1,"
      "\"title\":\"S\",\"summary\":\"x\",\"setting\":\"y\",\"characters\":[1]}]}",
      1, 1);
  EXPECT_TRUE(mentions(r.errors, "plan.ending is missing"));
  EXPECT_TRUE(mentions(r.errors, "plan.scenes[0].characters[0] must be a non-empty string"));
}
