// The editor's Plate values: validation of their shape, and the conversion to and from the
// manuscript's plain text (paragraphs between blank lines, scene breaks between a chapter's scenes).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/error.hpp"
#include "modules/editor/plate_value.hpp"

namespace json = boost::json;
using namespace authorworks;
using namespace authorworks::editor;

namespace {

std::string validation_message(std::string_view text) {
  try {
    validate_plate_value(json::parse(text));
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
    EXPECT_EQ(e.fields().at(0).field, "content");
    return e.fields().at(0).message;
  }
  return "";
}

}  // namespace

TEST(EditorPlateValue, TextBecomesOneParagraphPerBlockAndBack) {
  const std::string text = "INT. LIGHTHOUSE - NIGHT\n\nMARA\nWho's there?\n\n\n  The lamp turns.  ";
  const auto blocks = plate_blocks_from_text(text);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(json::serialize(blocks[1]), R"({"type":"p","children":[{"text":"MARA\nWho's there?"}]})");
  EXPECT_EQ(scene_texts_from_plate(blocks),
            std::vector<std::string>{"INT. LIGHTHOUSE - NIGHT\n\nMARA\nWho's there?\n\n  The lamp turns."});
  EXPECT_EQ(normalized_scene_text(text), scene_texts_from_plate(blocks).at(0));
}

TEST(EditorPlateValue, TheWhitespaceALineStartsWithIsKept) {
  const std::string letter =
      "\t\tHarbour House, 3 May\n\n    Dear Mara,\n  the clock has stopped.   \n \t \n  Yours,\n    T.";
  const auto blocks = plate_blocks_from_text(letter);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].at("children").at(0).at("text").as_string(), "\t\tHarbour House, 3 May");
  EXPECT_EQ(blocks[1].at("children").at(0).at("text").as_string(), "    Dear Mara,\n  the clock has stopped.");
  EXPECT_EQ(blocks[2].at("children").at(0).at("text").as_string(), "  Yours,\n    T.");
  const auto text = scene_texts_from_plate(blocks).at(0);
  EXPECT_EQ(text, "\t\tHarbour House, 3 May\n\n    Dear Mara,\n  the clock has stopped.\n\n  Yours,\n    T.");
  EXPECT_EQ(normalized_scene_text(letter), text);
  EXPECT_EQ(normalized_scene_text(text), text);
}

TEST(EditorPlateValue, ABlockQuoteWrappingParagraphsKeepsThemApart) {
  const auto value = json::parse(R"([
    {"type":"h2","children":[{"text":"The "},{"text":"Letter","bold":true}]},
    {"type":"blockquote","children":[{"type":"p","children":[{"text":"  Dear Mara,"}]},
                                     {"type":"p","children":[{"text":"Come ","italic":true},{"text":"home."}]}]},
    {"type":"p","children":[{"text":"She "},{"type":"a","url":"x","children":[{"text":"read"}]},{"text":" it twice."}]}
  ])");
  validate_plate_value(value);
  EXPECT_EQ(scene_texts_from_plate(value.as_array()),
            std::vector<std::string>{"The Letter\n\n  Dear Mara,\n\nCome home.\n\nShe read it twice."});
}

TEST(EditorPlateValue, AnEmptySceneIsOneEmptyParagraph) {
  EXPECT_EQ(json::serialize(plate_blocks_from_text(" \n\n ")), R"([{"type":"p","children":[{"text":""}]}])");
  EXPECT_EQ(scene_texts_from_plate(plate_blocks_from_text("")), std::vector<std::string>{""});
}

TEST(EditorPlateValue, MarksAndInlineElementsKeepTheirText) {
  const auto value = json::parse(
      R"([{"type":"p","children":[{"text":"She "},{"text":"ran","bold":true},{"type":"a","url":"x","children":[{"text":" home"}]}]},
          {"type":"blockquote","children":[{"text":"Line one\n\nLine two"}]}])");
  validate_plate_value(value);
  EXPECT_EQ(scene_texts_from_plate(value.as_array()), std::vector<std::string>{"She ran home\n\nLine one\n\nLine two"});
}

TEST(EditorPlateValue, AChapterSplitsIntoItsScenesAtSceneBreaks) {
  const auto value = plate_value_from_scenes({"First.\n\nStill first.", "Second."});
  ASSERT_EQ(value.size(), 4u);
  EXPECT_EQ(value[2].as_object().at("type").as_string(), kSceneBreakType);
  validate_plate_value(value);
  EXPECT_EQ(scene_texts_from_plate(value), (std::vector<std::string>{"First.\n\nStill first.", "Second."}));
}

TEST(EditorPlateValue, MalformedValuesAreRefusedWithWhereAndWhy) {
  EXPECT_NE(validation_message(R"({"type":"p"})").find("array of blocks"), std::string::npos);
  EXPECT_NE(validation_message("[]").find("at least one block"), std::string::npos);
  EXPECT_NE(validation_message(R"([{"text":"x"}])").find("not a text leaf"), std::string::npos);
  EXPECT_NE(validation_message(R"([{"type":"p","children":[]}])").find("content[0]"), std::string::npos);
  EXPECT_NE(validation_message(R"([{"type":"p","children":[{"text":1}]}])").find("content[0].children[0]"),
            std::string::npos);
  EXPECT_NE(validation_message(R"([{"type":"p","children":[{"text":"x","children":[]}]}])").find("text leaf"),
            std::string::npos);
  EXPECT_NE(validation_message(R"([{"type":7,"children":[{"text":"x"}]}])").find("type"), std::string::npos);
  std::string deep = R"({"text":"x"})";
  for (int i = 0; i < 13; ++i) deep = R"({"type":"span","children":[)" + deep + "]}";
  EXPECT_NE(validation_message("[" + deep + "]").find("levels deep"), std::string::npos);
  EXPECT_EQ(validation_message(R"([{"type":"p","children":[{"text":""}]}])"), "");
}
