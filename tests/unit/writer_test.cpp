#include "llm/writer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace authorworks::llm {
namespace {

TEST(Writer, StageNamesRoundTrip) {
  for (const auto stage : {Stage::genre, Stage::style, Stage::characters, Stage::synopsis, Stage::outline,
                           Stage::chapter_plan, Stage::scene, Stage::scene_continue, Stage::summary, Stage::repair}) {
    EXPECT_EQ(parse_stage(stage_name(stage)), stage);
  }
  EXPECT_EQ(stage_name(Stage::chapter_plan), "chapter_plan");
  EXPECT_FALSE(parse_stage("Chapter_plan"));
  EXPECT_TRUE(is_structured(Stage::outline));
  EXPECT_FALSE(is_structured(Stage::scene));
  EXPECT_EQ(parse_kind(kind_name(BookKind::screenplay)), BookKind::screenplay);
  EXPECT_FALSE(parse_kind("poem"));
}

TEST(Writer, ErrorsCarryTheirFailureAndMessage) {
  const WriterError error(WriterFailure::rejected_key, "the Anthropic API key was rejected");
  EXPECT_EQ(error.failure(), WriterFailure::rejected_key);
  EXPECT_EQ(std::string(error.what()), "the Anthropic API key was rejected");
  EXPECT_EQ(error.code(), ErrorCode::upstream_failed);
  EXPECT_EQ(WriterError(WriterFailure::timeout, "t").code(), ErrorCode::upstream_timeout);
  EXPECT_EQ(failure_name(WriterFailure::invalid_output), "invalid_output");
}

TEST(Writer, ATextSinkTakesAPlainLambdaOrAlsoARestartHandler) {
  std::string text;
  int restarts = 0;
  const TextSink plain = [&](std::string_view delta) { text.append(delta); };
  plain("a");
  plain.restart();  // no handler: nothing happens
  EXPECT_EQ(text, "a");
  const TextSink full([&](std::string_view delta) { text.append(delta); }, [&] { ++restarts; });
  full("b");
  full.restart();
  EXPECT_EQ(text, "ab");
  EXPECT_EQ(restarts, 1);
  const TextSink none = nullptr;
  EXPECT_FALSE(none);
  none("ignored");
  EXPECT_TRUE(plain);
}

}  // namespace
}  // namespace authorworks::llm
