#include <gtest/gtest.h>

#include "http/cors.hpp"

using namespace authorworks::http;

namespace {

Request request(Method method, std::initializer_list<std::pair<const char*, const char*>> headers) {
  Request r;
  r.method = method;
  r.set_target("/api/v1/books");
  r.trace_id = "trace";
  for (const auto& [k, v] : headers) r.headers.add(k, v);
  return r;
}

const CorsPolicy kPolicy({"https://app.example.com", "http://localhost:5173"});

}  // namespace

TEST(Cors, AllowsOnlyExactOrigins) {
  EXPECT_TRUE(kPolicy.allows("https://app.example.com"));
  EXPECT_TRUE(kPolicy.allows("http://localhost:5173"));
  EXPECT_FALSE(kPolicy.allows("https://app.example.com/"));
  EXPECT_FALSE(kPolicy.allows("http://app.example.com"));
  EXPECT_FALSE(kPolicy.allows("https://evil.app.example.com"));
  EXPECT_FALSE(kPolicy.allows("https://app.example.com.evil.com"));
  EXPECT_FALSE(kPolicy.allows("null"));
  EXPECT_FALSE(kPolicy.allows(""));
  EXPECT_FALSE(CorsPolicy({}).allows("https://app.example.com"));
}

TEST(Cors, RecognisesPreflight) {
  EXPECT_TRUE(CorsPolicy::is_preflight(
      request(Method::options, {{"Origin", "https://x"}, {"Access-Control-Request-Method", "PUT"}})));
  EXPECT_FALSE(CorsPolicy::is_preflight(request(Method::options, {{"Origin", "https://x"}})));
  EXPECT_FALSE(CorsPolicy::is_preflight(request(Method::options, {{"Access-Control-Request-Method", "PUT"}})));
  EXPECT_FALSE(CorsPolicy::is_preflight(
      request(Method::put, {{"Origin", "https://x"}, {"Access-Control-Request-Method", "PUT"}})));
}

TEST(Cors, PreflightForAllowedOrigin) {
  const auto req =
      request(Method::options, {{"origin", "https://app.example.com"}, {"Access-Control-Request-Method", "PUT"}});
  const auto r = kPolicy.preflight(req, {Method::get, Method::head, Method::put, Method::options});
  EXPECT_EQ(r.status, 204U);
  EXPECT_EQ(r.headers.get("Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_EQ(r.headers.get("Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(r.headers.get("Access-Control-Allow-Methods"), "GET, HEAD, PUT, OPTIONS");
  const auto headers = r.headers.get("Access-Control-Allow-Headers");
  ASSERT_TRUE(headers.has_value());
  EXPECT_NE(headers->find("Authorization"), std::string_view::npos);
  EXPECT_NE(headers->find("Content-Type"), std::string_view::npos);
  EXPECT_NE(headers->find("If-Match"), std::string_view::npos);
  EXPECT_EQ(r.headers.get("Access-Control-Max-Age"), "600");
  EXPECT_EQ(r.headers.get("Vary"), "Origin");
  EXPECT_TRUE(r.body.empty());
}

TEST(Cors, PreflightForOtherOriginIsForbidden) {
  const auto req =
      request(Method::options, {{"Origin", "https://evil.example.com"}, {"Access-Control-Request-Method", "PUT"}});
  const auto r = kPolicy.preflight(req, {Method::put});
  EXPECT_EQ(r.status, 403U);
  EXPECT_EQ(r.headers.get("Content-Type"), "application/problem+json");
  EXPECT_FALSE(r.headers.contains("Access-Control-Allow-Origin"));
  EXPECT_NE(r.body.find("https://evil.example.com"), std::string::npos);
  EXPECT_NE(r.body.find("\"instance\":\"/api/v1/books\""), std::string::npos);
}

TEST(Cors, DecorateAllowedOrigin) {
  const auto req = request(Method::get, {{"Origin", "http://localhost:5173"}});
  auto r = Response::text("x");
  kPolicy.decorate(req, r);
  EXPECT_EQ(r.headers.get("Access-Control-Allow-Origin"), "http://localhost:5173");
  EXPECT_EQ(r.headers.get("Access-Control-Allow-Credentials"), "true");
  const auto exposed = r.headers.get("Access-Control-Expose-Headers");
  ASSERT_TRUE(exposed.has_value());
  EXPECT_NE(exposed->find("ETag"), std::string_view::npos);
  EXPECT_NE(exposed->find("Retry-After"), std::string_view::npos);
  EXPECT_EQ(r.headers.get("Vary"), "Origin");
}

TEST(Cors, DecorateOtherOriginOnlyVaries) {
  const auto req = request(Method::get, {{"Origin", "https://evil.example.com"}});
  auto r = Response::text("x");
  kPolicy.decorate(req, r);
  EXPECT_FALSE(r.headers.contains("Access-Control-Allow-Origin"));
  EXPECT_FALSE(r.headers.contains("Access-Control-Allow-Credentials"));
  EXPECT_EQ(r.headers.get("Vary"), "Origin");
}

TEST(Cors, DecorateWithoutOriginChangesNothing) {
  const auto req = request(Method::get, {});
  auto r = Response::text("x");
  const auto before = r.headers.entries().size();
  kPolicy.decorate(req, r);
  EXPECT_EQ(r.headers.entries().size(), before);
}

TEST(Cors, VaryIsAppendedNotReplaced) {
  const auto req = request(Method::get, {{"Origin", "https://app.example.com"}});
  auto r = Response::text("x");
  r.headers.add("Vary", "Accept-Encoding");
  kPolicy.decorate(req, r);
  std::vector<std::string> vary;
  for (const auto& [k, v] : r.headers.entries()) {
    if (iequals(k, "vary")) vary.push_back(v);
  }
  EXPECT_EQ(vary, (std::vector<std::string>{"Accept-Encoding", "Origin"}));
}
