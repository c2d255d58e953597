// The whole-book JSON that the content service hands the storage service for exports
// (export/book_document_json): every field survives the round trip, for every kind of book and for
// text a renderer must see byte for byte, and a malformed document names what is wrong.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/error.hpp"
#include "export/book_document_json.hpp"
#include "export_samples.hpp"

namespace {

namespace json = boost::json;
using authorworks::Error;
using authorworks::ErrorCode;
using authorworks::exporting::book_document_from_json;
using authorworks::exporting::book_document_json;
using authorworks::exporting::BookDocument;

// Through text, as it travels between the services, read as the storage service reads it.
BookDocument round_trip(const BookDocument& book) {
  json::parse_options as_stored;
  as_stored.allow_invalid_utf8 = true;
  return book_document_from_json(json::parse(json::serialize(book_document_json(book)), {}, as_stored));
}

// The samples hold what renderers must clean: controls, a stray byte 0xFF that is not UTF-8.
TEST(BookDocumentJsonTest, EveryKindOfBookComesBackTheSame) {
  for (const auto& book : {authorworks::testing::sample_novel(), authorworks::testing::sample_screenplay(),
                           authorworks::testing::sample_play()}) {
    EXPECT_EQ(round_trip(book), book) << book.title;
  }
}

TEST(BookDocumentJsonTest, TextAndEmptyFieldsArePreservedExactly) {
  BookDocument book;
  book.id = "7d0f0c9e-1c1e-4a53-9a55-2f1f6a3c8b10";
  book.title = "L'Été \"Noir\" 夏";
  book.kind = authorworks::llm::BookKind::play;
  book.language = "fr";
  book.chapters.push_back({1, "", {{1, "", "MARA: Line one.\r\n\n\tIndented\\n not a break\u00a0"}, {2, "Empty", ""}}});
  book.chapters.push_back({2, "No scenes yet", {}});
  const auto back = round_trip(book);
  EXPECT_EQ(back, book);
  EXPECT_TRUE(back.generated.empty());
  EXPECT_TRUE(back.modified.empty());
}

TEST(BookDocumentJsonTest, AMalformedDocumentIsTheOtherServicesFaultAndNamesTheMember) {
  auto good = book_document_json(authorworks::testing::sample_novel());
  const auto fails_on = [](const json::value& value) -> std::string {
    try {
      book_document_from_json(value);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::upstream_failed);
      return e.detail();
    }
    return "";
  };
  EXPECT_NE(fails_on(json::array{}).find("not an object"), std::string::npos);
  auto no_title = good;
  no_title.erase("title");
  EXPECT_NE(fails_on(no_title).find("'title'"), std::string::npos);
  auto bad_kind = good;
  bad_kind["kind"] = "opera";
  EXPECT_NE(fails_on(bad_kind).find("'kind'"), std::string::npos);
  auto bad_scene = good;
  bad_scene["chapters"].as_array()[0].as_object()["scenes"].as_array()[0].as_object()["number"] = "one";
  EXPECT_NE(fails_on(bad_scene).find("scene"), std::string::npos);
}

}  // namespace
