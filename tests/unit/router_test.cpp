#include <gtest/gtest.h>

#include "http/router.hpp"

using authorworks::http::Method;
using authorworks::http::Request;
using authorworks::http::Response;
using authorworks::http::RouteMatch;
using authorworks::http::Router;

namespace {
Response ok(Request&) { return Response::no_content(); }
}  // namespace

TEST(Router, ExactRouteBeatsWildcardThatMatchesNothing) {
  Router router;
  router.get("/api/docs", ok);
  router.get("/api/docs/*file", ok);
  const auto m = router.match(Method::get, "/api/docs");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.route->pattern, "/api/docs");
}

TEST(Router, ExactRouteBeatsWildcardWhateverTheOrder) {
  Router router;
  router.get("/api/docs/*file", ok);
  router.get("/api/docs", ok);
  router.get("/api/docs/init.js", ok);
  EXPECT_EQ(router.match(Method::get, "/api/docs").route->pattern, "/api/docs");
  EXPECT_EQ(router.match(Method::get, "/api/docs/init.js").route->pattern, "/api/docs/init.js");
  const auto m = router.match(Method::get, "/api/docs/swagger-ui.css");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.route->pattern, "/api/docs/*file");
  EXPECT_EQ(m.params.at("file"), "swagger-ui.css");
}

TEST(Router, LiteralBeatsParameterAndExactBeatsWildcard) {
  Router router;
  router.get("/books/:id/*rest", ok);
  router.get("/books/:id", ok);
  router.get("/books/generate", ok);
  EXPECT_EQ(router.match(Method::get, "/books/42").route->pattern, "/books/:id");
  EXPECT_EQ(router.match(Method::get, "/books/generate").route->pattern, "/books/generate");
  EXPECT_EQ(router.match(Method::get, "/books/42/chapters/3").route->pattern, "/books/:id/*rest");
}
