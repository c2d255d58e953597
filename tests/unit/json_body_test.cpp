#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <functional>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "core/json_body.hpp"

using authorworks::Error;
using authorworks::ErrorCode;
namespace aw = authorworks;

namespace {

// The field and message of the validation error `call` throws.
std::pair<std::string, std::string> rejection(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation_failed) << e.what();
    if (e.fields().size() == 1) return {e.fields()[0].field, e.fields()[0].message};
    ADD_FAILURE() << "expected one field error: " << e.what();
    return {};
  }
  ADD_FAILURE() << "no validation error";
  return {};
}

boost::json::object object(std::string_view text) { return boost::json::parse(text).as_object(); }

}  // namespace

TEST(JsonBody, ObjectWithKnownFields) {
  const auto body = boost::json::parse(R"({"title":"Dune","pages":412})");
  const auto& obj = aw::json_object(body, {"title", "pages", "draft"});
  EXPECT_EQ(obj.size(), 2u);
  EXPECT_EQ(aw::json_object(boost::json::parse("{}"), {}).size(), 0u);
}

TEST(JsonBody, NotAnObjectIsABadRequest) {
  for (const auto* text : {"[]", "null", "\"title\"", "42", "true"}) {
    try {
      aw::json_object(boost::json::parse(text), {"title"});
      ADD_FAILURE() << "accepted " << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::bad_request) << text;
    }
  }
}

TEST(JsonBody, UnknownFieldIsNamed) {
  const auto body = boost::json::parse(R"({"title":"Dune","is_admin":true})");
  const auto [field, message] = rejection([&] { aw::json_object(body, {"title"}); });
  EXPECT_EQ(field, "is_admin");
  EXPECT_EQ(message, "unknown field");
}

TEST(JsonBody, RequiredString) {
  const auto obj = object(R"({"title":"Dune","empty":"","n":1,"nothing":null,"list":["a"]})");
  EXPECT_EQ(aw::required_string(obj, "title", 100), "Dune");
  EXPECT_EQ(aw::required_string(obj, "empty", 100), "");
  EXPECT_EQ(rejection([&] { aw::required_string(obj, "missing", 100); }),
            std::make_pair(std::string("missing"), std::string("is required")));
  EXPECT_EQ(rejection([&] { aw::required_string(obj, "nothing", 100); }).second, "is required");
  EXPECT_EQ(rejection([&] { aw::required_string(obj, "n", 100); }),
            std::make_pair(std::string("n"), std::string("must be a string")));
  EXPECT_EQ(rejection([&] { aw::required_string(obj, "list", 100); }).second, "must be a string");
}

TEST(JsonBody, StringLengthIsInBytes) {
  const auto obj = object(R"({"name":"ééé"})");  // six bytes
  EXPECT_EQ(aw::required_string(obj, "name", 6), "ééé");
  const auto [field, message] = rejection([&] { aw::required_string(obj, "name", 5); });
  EXPECT_EQ(field, "name");
  EXPECT_NE(message.find("at most 5 bytes"), std::string::npos) << message;
}

TEST(JsonBody, StringsMustBeUtf8) {
  // The parser refuses invalid UTF-8, but values built in code can hold any bytes.
  boost::json::object obj;
  obj["name"] = "bad \xff byte";
  EXPECT_EQ(rejection([&] { aw::required_string(obj, "name", 100); }).second, "must be valid UTF-8");
  EXPECT_EQ(rejection([&] { aw::optional_string(obj, "name", 100); }).second, "must be valid UTF-8");
}

TEST(JsonBody, OptionalString) {
  const auto obj = object(R"({"bio":"hello","gone":null,"n":true})");
  EXPECT_EQ(aw::optional_string(obj, "bio", 10), "hello");
  EXPECT_EQ(aw::optional_string(obj, "gone", 10), std::nullopt);
  EXPECT_EQ(aw::optional_string(obj, "missing", 10), std::nullopt);
  EXPECT_EQ(rejection([&] { aw::optional_string(obj, "n", 10); }).second, "must be a string");
  EXPECT_EQ(rejection([&] { aw::optional_string(obj, "bio", 4); }).first, "bio");
}

TEST(JsonBody, OptionalInt) {
  const auto obj = object(
      R"({"a":5,"b":-3,"c":5.0,"d":5.5,"e":"5","f":true,"g":null,"big":18446744073709551615,"huge":1e300,"edge":9223372036854775807})");
  EXPECT_EQ(aw::optional_int(obj, "a", 0, 10), 5);
  EXPECT_EQ(aw::optional_int(obj, "b", -10, 10), -3);
  EXPECT_EQ(aw::optional_int(obj, "c", 0, 10), 5);
  EXPECT_EQ(aw::optional_int(obj, "g", 0, 10), std::nullopt);
  EXPECT_EQ(aw::optional_int(obj, "missing", 0, 10), std::nullopt);
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(aw::optional_int(obj, "edge", 0, max), max);
  EXPECT_EQ(rejection([&] { aw::optional_int(obj, "a", 6, 10); }),
            std::make_pair(std::string("a"), std::string("must be from 6 to 10")));
  EXPECT_EQ(rejection([&] { aw::optional_int(obj, "b", 0, 10); }).second, "must be from 0 to 10");
  EXPECT_EQ(rejection([&] { aw::optional_int(obj, "d", 0, 10); }).second, "must be a whole number");
  EXPECT_EQ(rejection([&] { aw::optional_int(obj, "e", 0, 10); }).second, "must be a whole number");
  EXPECT_EQ(rejection([&] { aw::optional_int(obj, "f", 0, 10); }).second, "must be a whole number");
  EXPECT_EQ(rejection([&] { aw::optional_int(obj, "big", 0, max); }).first, "big");
  EXPECT_EQ(rejection([&] { aw::optional_int(obj, "big", -10, -1); }).first, "big");
  EXPECT_EQ(rejection([&] { aw::optional_int(obj, "huge", 0, max); }).first, "huge");
}

TEST(JsonBody, OptionalBool) {
  const auto obj = object(R"({"t":true,"f":false,"n":null,"s":"true","i":1})");
  EXPECT_EQ(aw::optional_bool(obj, "t"), true);
  EXPECT_EQ(aw::optional_bool(obj, "f"), false);
  EXPECT_EQ(aw::optional_bool(obj, "n"), std::nullopt);
  EXPECT_EQ(aw::optional_bool(obj, "missing"), std::nullopt);
  EXPECT_EQ(rejection([&] { aw::optional_bool(obj, "s"); }),
            std::make_pair(std::string("s"), std::string("must be true or false")));
  EXPECT_EQ(rejection([&] { aw::optional_bool(obj, "i"); }).second, "must be true or false");
}
