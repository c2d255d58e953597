// The scene-or-chapter JSON that the content service hands the editor service
// (modules/content/passage_json): scenes and chapters survive the round trip exactly, and a
// malformed passage names what is wrong.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/error.hpp"
#include "modules/content/passage_json.hpp"

namespace {

namespace json = boost::json;
using authorworks::Error;
using authorworks::ErrorCode;
using authorworks::content::ManuscriptPassage;
using authorworks::content::passage_from_json;
using authorworks::content::passage_json;

ManuscriptPassage round_trip(const ManuscriptPassage& passage) {
  return passage_from_json(json::parse(json::serialize(passage_json(passage))));
}

ManuscriptPassage chapter() {
  ManuscriptPassage p;
  p.kind = ManuscriptPassage::Kind::chapter;
  p.id = "a3c1e0f2-0d4b-4c55-8d7e-111111111111";
  p.book_id = "a3c1e0f2-0d4b-4c55-8d7e-222222222222";
  p.owner_id = "a3c1e0f2-0d4b-4c55-8d7e-333333333333";
  p.chapter_number = 3;
  p.title = "Chapter 3 · Été";
  p.scenes = {{"a3c1e0f2-0d4b-4c55-8d7e-444444444444", 1, "Landfall", "Mara woke.\n\n\"The sea,\" she said."},
              {"a3c1e0f2-0d4b-4c55-8d7e-555555555555", 2, "", ""}};
  return p;
}

TEST(PassageJsonTest, ScenesAndChaptersComeBackTheSame) {
  const auto c = chapter();
  EXPECT_EQ(round_trip(c), c);
  ManuscriptPassage scene = c;
  scene.kind = ManuscriptPassage::Kind::scene;
  scene.id = c.scenes[0].id;
  scene.title = "Chapter 3, scene 1 · Landfall";
  scene.scenes.resize(1);
  EXPECT_EQ(round_trip(scene), scene);
  ManuscriptPassage empty = c;
  empty.scenes.clear();  // a chapter whose scenes are not written yet
  EXPECT_EQ(round_trip(empty), empty);
}

TEST(PassageJsonTest, AMalformedPassageNamesTheMember) {
  const auto fails_on = [](const json::value& value) -> std::string {
    try {
      passage_from_json(value);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::upstream_failed);
      return e.detail();
    }
    return "";
  };
  auto good = passage_json(chapter());
  EXPECT_NE(fails_on(json::string("passage")).find("passage"), std::string::npos);
  auto bad_kind = good;
  bad_kind["kind"] = "act";
  EXPECT_NE(fails_on(bad_kind).find("'kind'"), std::string::npos);
  auto no_owner = good;
  no_owner.erase("owner_id");
  EXPECT_NE(fails_on(no_owner).find("'owner_id'"), std::string::npos);
  auto bad_scene = good;
  bad_scene["scenes"].as_array()[1].as_object().erase("text");
  EXPECT_NE(fails_on(bad_scene).find("'text'"), std::string::npos);
}

}  // namespace
