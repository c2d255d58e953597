#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/error.hpp"
#include "http/request.hpp"

using authorworks::Error;
using authorworks::ErrorCode;
using authorworks::http::Request;

namespace {

// The code of the Error `f` throws; fails the test when it throws nothing.
template <class F>
ErrorCode error_code_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "expected an Error";
  return ErrorCode::internal;
}

Request with_target(std::string_view target) {
  Request r;
  r.set_target(target);
  return r;
}

Request with_body(std::string body, std::string_view content_type = "application/json") {
  Request r;
  r.body = std::move(body);
  if (!content_type.empty()) r.headers.set("Content-Type", content_type);
  return r;
}

std::string json_error(const Request& r) {
  try {
    r.json();
  } catch (const Error& e) {
    return e.detail();
  }
  return "";
}

}  // namespace

TEST(RequestTarget, SplitsPathAndQuery) {
  const auto r = with_target("/api/v1/books?sort=title&page=2");
  EXPECT_EQ(r.target, "/api/v1/books?sort=title&page=2");
  EXPECT_EQ(r.path, "/api/v1/books");
  EXPECT_EQ(r.query_string, "sort=title&page=2");
}

TEST(RequestTarget, NoQuery) {
  const auto r = with_target("/health");
  EXPECT_EQ(r.path, "/health");
  EXPECT_EQ(r.query_string, "");
  const auto e = with_target("/health?");
  EXPECT_EQ(e.path, "/health");
  EXPECT_EQ(e.query_string, "");
}

TEST(RequestTarget, DecodesThePathButNotTheQuery) {
  const auto r = with_target("/books/caf%C3%A9%20noir?q=a%20b");
  EXPECT_EQ(r.path, "/books/caf\xC3\xA9 noir");
  EXPECT_EQ(r.query_string, "q=a%20b");
  // '+' is only a space in a query string.
  EXPECT_EQ(with_target("/a+b").path, "/a+b");
  // An encoded '?' belongs to the path.
  EXPECT_EQ(with_target("/what%3F?x").path, "/what?");
}

TEST(RequestTarget, RejectsWhatIsNotAPath) {
  for (const char* bad : {"", "*", "books", "http://example.com/books", "?x=1"}) {
    EXPECT_EQ(error_code_of([&] { with_target(bad); }), ErrorCode::bad_request) << bad;
  }
}

TEST(RequestTarget, RejectsMalformedEscapesInvalidUtf8AndNul) {
  for (const char* bad : {"/a%", "/a%2", "/a%zz", "/%C3", "/%C0%AF", "/%ED%A0%80", "/a%00b", "/\xFF"}) {
    EXPECT_EQ(error_code_of([&] { with_target(bad); }), ErrorCode::bad_request) << bad;
  }
}

TEST(RequestTarget, KeepsRawTargetEvenWhenRejected) {
  Request r;
  EXPECT_THROW(r.set_target("/bad%zz"), Error);
  EXPECT_EQ(r.target, "/bad%zz");
}

TEST(RequestQuery, FindsDecodedValues) {
  const auto r = with_target("/s?q=hello+world&tag=a%26b&empty=&flag&caf%C3%A9=1&q=second");
  EXPECT_EQ(r.query("q"), "hello world");  // the first one wins
  EXPECT_EQ(r.query("tag"), "a&b");
  EXPECT_EQ(r.query("empty"), "");
  EXPECT_EQ(r.query("flag"), "");
  EXPECT_EQ(r.query("caf\xC3\xA9"), "1");
  EXPECT_EQ(r.query("missing"), std::nullopt);
  EXPECT_EQ(r.query("Q"), std::nullopt);  // keys are case-sensitive
}

TEST(RequestQuery, SkipsEmptyPairs) {
  const auto r = with_target("/s?&&a=1&&");
  EXPECT_EQ(r.query("a"), "1");
  EXPECT_EQ(with_target("/s").query("a"), std::nullopt);
}

TEST(RequestQuery, MalformedValuesAreBadRequests) {
  const auto r = with_target("/s?a=%zz&b=%FF&c=1");
  EXPECT_EQ(error_code_of([&] { r.query("a"); }), ErrorCode::bad_request);
  EXPECT_EQ(error_code_of([&] { r.query("b"); }), ErrorCode::bad_request);
  EXPECT_EQ(r.query("c"), "1");
  EXPECT_EQ(error_code_of([&] { with_target("/s?%zz=1").query("x"); }), ErrorCode::bad_request);
}

TEST(RequestParam, ReturnsOrThrowsInternal) {
  Request r;
  r.params["id"] = "42";
  EXPECT_EQ(r.param("id"), "42");
  EXPECT_EQ(error_code_of([&] { r.param("other"); }), ErrorCode::internal);
}

TEST(RequestHeaders, CaseInsensitive) {
  Request r;
  r.headers.add("Content-Type", "application/json");
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.header("Accept"), std::nullopt);
}

TEST(RequestJson, ParsesJsonBodies) {
  const auto v = with_body(R"({"title":"Dune","chapters":[1,2]})").json();
  EXPECT_EQ(v.at("title").as_string(), "Dune");
  EXPECT_EQ(v.at("chapters").as_array().size(), 2U);
  EXPECT_EQ(with_body("[1]", "application/json; charset=utf-8").json().as_array().size(), 1U);
  EXPECT_EQ(with_body("true", "application/merge-patch+json").json().as_bool(), true);
  EXPECT_EQ(with_body(" {} ", "").json().as_object().size(), 0U);  // no Content-Type: taken as JSON
}

TEST(RequestJson, WrongContentTypeIsUnsupportedMediaType) {
  EXPECT_EQ(error_code_of([] { with_body("{}", "text/plain").json(); }), ErrorCode::unsupported_media_type);
  EXPECT_EQ(error_code_of([] { with_body("a=1", "application/x-www-form-urlencoded").json(); }),
            ErrorCode::unsupported_media_type);
  EXPECT_NE(json_error(with_body("{}", "text/plain")).find("text/plain"), std::string::npos);
}

TEST(RequestJson, EmptyBodyIsBadRequest) {
  EXPECT_EQ(error_code_of([] { with_body("").json(); }), ErrorCode::bad_request);
  EXPECT_EQ(error_code_of([] { with_body(" \r\n\t").json(); }), ErrorCode::bad_request);
  EXPECT_NE(json_error(with_body("")).find("empty"), std::string::npos);
}

TEST(RequestJson, InvalidUtf8IsBadRequest) {
  EXPECT_EQ(error_code_of([] { with_body("{\"a\":\"\xC0\xAF\"}").json(); }), ErrorCode::bad_request);
  EXPECT_NE(json_error(with_body("\"\xED\xA0\x80\"")).find("UTF-8"), std::string::npos);
}

TEST(RequestJson, InvalidJsonIsBadRequest) {
  for (const char* bad : {"{", "{\"a\":}", "[1,]", "nul", "{\"a\":1} trailing", "'single'", "{a:1}"}) {
    EXPECT_EQ(error_code_of([&] { with_body(bad).json(); }), ErrorCode::bad_request) << bad;
    EXPECT_NE(json_error(with_body(bad)).find("not valid JSON"), std::string::npos) << bad;
  }
}

TEST(RequestJson, DeepNestingIsRefusedNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(error_code_of([&] { with_body(deep).json(); }), ErrorCode::bad_request);
}
