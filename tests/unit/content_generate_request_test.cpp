#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "core/error.hpp"
#include "modules/content/generate_request.hpp"

using authorworks::Error;
using authorworks::ErrorCode;
using authorworks::content::parse_generate_request;
namespace llm = authorworks::llm;

namespace {

// The field the request is refused for, and the message.
std::pair<std::string, std::string> refusal(std::string_view body) {
  try {
    parse_generate_request(boost::json::parse(body), "user-1");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation_failed) << e.what();
    if (e.fields().size() == 1) return {e.fields()[0].field, e.fields()[0].message};
    ADD_FAILURE() << "expected one field error: " << e.what();
    return {};
  }
  ADD_FAILURE() << "accepted: " << body;
  return {};
}

std::string quoted_repeat(std::string_view piece, std::size_t times) {
  std::string out = "\"";
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out + "\"";
}

}  // namespace

TEST(GenerateRequest, EveryField) {
  const auto r = parse_generate_request(
      boost::json::parse(R"({"title":"  The Lighthouse  ","braindump":"a keeper, a storm","kind":"play",)"
                         R"("genre":"gothic","target_words":3000,"seed":42})"),
      "user-1");
  EXPECT_EQ(r.user_id, "user-1");
  EXPECT_EQ(r.title, "The Lighthouse");
  EXPECT_EQ(r.braindump, "a keeper, a storm");
  EXPECT_EQ(r.kind, llm::BookKind::play);
  EXPECT_EQ(r.genre, "gothic");
  EXPECT_EQ(r.target_words, 3000);
  EXPECT_EQ(r.seed, 42u);
}

TEST(GenerateRequest, DefaultsLeaveTheChoicesToTheEngine) {
  const auto r = parse_generate_request(boost::json::parse(R"({"title":"Dune","braindump":null})"), "u");
  EXPECT_EQ(r.kind, llm::BookKind::novel);
  EXPECT_EQ(r.braindump, "");
  EXPECT_EQ(r.genre, "");
  EXPECT_EQ(r.target_words, 0);
  EXPECT_EQ(r.seed, 0u);
  EXPECT_EQ(parse_generate_request(boost::json::parse(R"({"title":"S","kind":"screenplay"})"), "u").kind,
            llm::BookKind::screenplay);
}

TEST(GenerateRequest, TitleIsRequiredAndNotBlank) {
  EXPECT_EQ(refusal("{}"), std::make_pair(std::string("title"), std::string("is required")));
  EXPECT_EQ(refusal(R"({"title":null})").first, "title");
  EXPECT_EQ(refusal(R"({"title":"   "})"), std::make_pair(std::string("title"), std::string("must not be blank")));
  EXPECT_EQ(refusal(R"({"title":7})"), std::make_pair(std::string("title"), std::string("must be a string")));
}

TEST(GenerateRequest, LengthsAreCountedInCharacters) {
  // 200 three-byte characters fit; 201 do not, nor do 201 ASCII ones.
  EXPECT_NO_THROW(parse_generate_request(boost::json::parse(R"({"title":)" + quoted_repeat("語", 200) + "}"), "u"));
  EXPECT_EQ(refusal(R"({"title":)" + quoted_repeat("語", 201) + "}"),
            std::make_pair(std::string("title"), std::string("must be at most 200 characters long")));
  EXPECT_EQ(refusal(R"({"title":)" + quoted_repeat("a", 201) + "}").first, "title");
  EXPECT_NO_THROW(parse_generate_request(
      boost::json::parse(R"({"title":"t","braindump":)" + quoted_repeat("é", 20'000) + "}"), "u"));
  EXPECT_EQ(refusal(R"({"title":"t","braindump":)" + quoted_repeat("x", 20'001) + "}").first, "braindump");
  EXPECT_EQ(refusal(R"({"title":"t","genre":)" + quoted_repeat("x", 101) + "}").first, "genre");
}

TEST(GenerateRequest, KindIsOneOfThree) {
  EXPECT_EQ(refusal(R"({"title":"t","kind":"poem"})"),
            std::make_pair(std::string("kind"), std::string("must be novel, screenplay or play")));
  EXPECT_EQ(refusal(R"({"title":"t","kind":"Novel"})").first, "kind");
  EXPECT_EQ(refusal(R"({"title":"t","kind":1})").first, "kind");
}

TEST(GenerateRequest, TargetWordsIsAWholeNumberInRange) {
  EXPECT_EQ(refusal(R"({"title":"t","target_words":499})"),
            std::make_pair(std::string("target_words"), std::string("must be from 500 to 250000")));
  EXPECT_EQ(refusal(R"({"title":"t","target_words":250001})").first, "target_words");
  EXPECT_EQ(refusal(R"({"title":"t","target_words":2500.5})"),
            std::make_pair(std::string("target_words"), std::string("must be a whole number")));
  EXPECT_EQ(refusal(R"({"title":"t","target_words":"3000"})").first, "target_words");
  EXPECT_EQ(parse_generate_request(boost::json::parse(R"({"title":"t","target_words":500})"), "u").target_words, 500);
}

TEST(GenerateRequest, SeedIsNonNegative) {
  EXPECT_EQ(refusal(R"({"title":"t","seed":-1})").first, "seed");
  EXPECT_EQ(refusal(R"({"title":"t","seed":18446744073709551615})").first, "seed");
}

TEST(GenerateRequest, UnknownFieldsAreRefused) {
  EXPECT_EQ(refusal(R"({"title":"t","user_id":"someone-else"})"),
            std::make_pair(std::string("user_id"), std::string("unknown field")));
}

TEST(GenerateRequest, NotAnObjectIsABadRequest) {
  try {
    parse_generate_request(boost::json::parse("[1]"), "u");
    ADD_FAILURE() << "accepted an array";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::bad_request);
  }
}
