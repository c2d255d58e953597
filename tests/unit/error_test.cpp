#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>

#include "core/error.hpp"
#include "http/response.hpp"

using authorworks::Error;
using authorworks::ErrorCode;
using authorworks::http::Response;
namespace json = boost::json;

namespace {

struct Expected {
  ErrorCode code;
  unsigned status;
  std::string_view slug;
};

constexpr Expected kTable[] = {
    {ErrorCode::bad_request, 400, "bad-request"},
    {ErrorCode::validation_failed, 422, "validation-failed"},
    {ErrorCode::unauthenticated, 401, "unauthenticated"},
    {ErrorCode::forbidden, 403, "forbidden"},
    {ErrorCode::not_found, 404, "not-found"},
    {ErrorCode::method_not_allowed, 405, "method-not-allowed"},
    {ErrorCode::conflict, 409, "conflict"},
    {ErrorCode::precondition_failed, 412, "precondition-failed"},
    {ErrorCode::precondition_required, 428, "precondition-required"},
    {ErrorCode::payload_too_large, 413, "payload-too-large"},
    {ErrorCode::unsupported_media_type, 415, "unsupported-media-type"},
    {ErrorCode::range_not_satisfiable, 416, "range-not-satisfiable"},
    {ErrorCode::request_timeout, 408, "request-timeout"},
    {ErrorCode::headers_too_large, 431, "headers-too-large"},
    {ErrorCode::too_many_requests, 429, "too-many-requests"},
    {ErrorCode::unavailable, 503, "unavailable"},
    {ErrorCode::upstream_failed, 502, "upstream-failed"},
    {ErrorCode::upstream_timeout, 504, "upstream-timeout"},
    {ErrorCode::internal, 500, "internal"},
};

json::object parse_body(const Response& r) { return json::parse(r.body).as_object(); }

}  // namespace

TEST(Error, EveryCodeMapsToItsDocumentedStatus) {
  std::set<unsigned> statuses;
  for (const auto& e : kTable) {
    EXPECT_EQ(authorworks::http_status(e.code), e.status) << e.slug;
    EXPECT_EQ(authorworks::error_slug(e.code), e.slug);
    EXPECT_FALSE(authorworks::error_title(e.code).empty()) << e.slug;
    statuses.insert(e.status);
  }
  // One entry per code, each with its own status.
  EXPECT_EQ(statuses.size(), std::size(kTable));
  EXPECT_EQ(std::size(kTable), static_cast<std::size_t>(ErrorCode::internal) + 1);
}

TEST(Error, Titles) {
  EXPECT_EQ(authorworks::error_title(ErrorCode::not_found), "Not Found");
  EXPECT_EQ(authorworks::error_title(ErrorCode::headers_too_large), "Request Header Fields Too Large");
  EXPECT_EQ(authorworks::error_title(ErrorCode::upstream_failed), "Bad Gateway");
}

TEST(Error, CarriesCodeDetailFieldsAndRetryAfter) {
  Error e(ErrorCode::conflict, "stale version", {{"version", "expected 3"}});
  EXPECT_EQ(e.code(), ErrorCode::conflict);
  EXPECT_EQ(e.detail(), "stale version");
  EXPECT_STREQ(e.what(), "stale version");
  ASSERT_EQ(e.fields().size(), 1U);
  EXPECT_EQ(e.fields()[0].field, "version");
  EXPECT_EQ(e.retry_after_seconds(), 0);
  e.with_retry_after(7);
  EXPECT_EQ(e.retry_after_seconds(), 7);
}

TEST(Error, ConvenienceConstructors) {
  const auto v = authorworks::validation_error("title", "must not be empty");
  EXPECT_EQ(v.code(), ErrorCode::validation_failed);
  EXPECT_EQ(v.detail(), "title: must not be empty");
  ASSERT_EQ(v.fields().size(), 1U);
  EXPECT_EQ(v.fields()[0].field, "title");
  EXPECT_EQ(v.fields()[0].message, "must not be empty");

  const auto n = authorworks::not_found_error("book 42");
  EXPECT_EQ(n.code(), ErrorCode::not_found);
  EXPECT_EQ(n.detail(), "book 42 was not found");
}

TEST(Problem, DocumentHasEveryMember) {
  const Error e(ErrorCode::validation_failed, "the book is invalid",
                {{"title", "must not be empty"}, {"words", "must be positive"}});
  const auto r = Response::problem(e, "/api/v1/books", "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(r.status, 422U);
  EXPECT_EQ(r.headers.get("Content-Type"), "application/problem+json");
  EXPECT_FALSE(r.headers.contains("Retry-After"));
  const auto doc = parse_body(r);
  EXPECT_EQ(doc.at("type").as_string(), "urn:authorworks:problem:validation-failed");
  EXPECT_EQ(doc.at("title").as_string(), "Validation Failed");
  EXPECT_EQ(doc.at("status").to_number<int>(), 422);
  EXPECT_EQ(doc.at("detail").as_string(), "the book is invalid");
  EXPECT_EQ(doc.at("instance").as_string(), "/api/v1/books");
  EXPECT_EQ(doc.at("trace_id").as_string(), "0123456789abcdef0123456789abcdef");
  const auto& errors = doc.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2U);
  EXPECT_EQ(errors[0].at("field").as_string(), "title");
  EXPECT_EQ(errors[0].at("message").as_string(), "must not be empty");
  EXPECT_EQ(errors[1].at("field").as_string(), "words");
  EXPECT_EQ(errors[1].at("message").as_string(), "must be positive");
}

TEST(Problem, OptionalMembersAreLeftOut) {
  const auto r = Response::problem(Error(ErrorCode::not_found, "nothing here"), "", "");
  EXPECT_EQ(r.status, 404U);
  const auto doc = parse_body(r);
  EXPECT_FALSE(doc.contains("instance"));
  EXPECT_FALSE(doc.contains("trace_id"));
  EXPECT_FALSE(doc.contains("errors"));
  EXPECT_EQ(doc.size(), 4U);
}

TEST(Problem, RetryAfterHeader) {
  const auto r = Response::problem(Error(ErrorCode::too_many_requests, "slow down").with_retry_after(30), "/x", "t");
  EXPECT_EQ(r.status, 429U);
  EXPECT_EQ(r.headers.get("Retry-After"), "30");
  const auto u = Response::problem(Error(ErrorCode::unavailable, "busy").with_retry_after(1), "/x", "t");
  EXPECT_EQ(u.status, 503U);
  EXPECT_EQ(u.headers.get("Retry-After"), "1");
}

TEST(Problem, DetailIsEscapedAsJson) {
  const auto r = Response::problem(Error(ErrorCode::bad_request, "quote \" backslash \\ newline \n"), "/p", "t");
  const auto doc = parse_body(r);
  EXPECT_EQ(doc.at("detail").as_string(), "quote \" backslash \\ newline \n");
}

TEST(ResponseFactories, JsonTextAndNoContent) {
  const auto j = Response::json(json::object{{"a", 1}}, 201);
  EXPECT_EQ(j.status, 201U);
  EXPECT_EQ(j.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(j.body, R"({"a":1})");
  const auto t = Response::text("hi");
  EXPECT_EQ(t.status, 200U);
  EXPECT_EQ(t.headers.get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(t.body, "hi");
  const auto n = Response::no_content();
  EXPECT_EQ(n.status, 204U);
  EXPECT_TRUE(n.body.empty());
  EXPECT_TRUE(n.headers.empty());
}
