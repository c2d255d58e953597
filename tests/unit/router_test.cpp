#include <gtest/gtest.h>

#include <stdexcept>

#include "http/router.hpp"

using namespace authorworks::http;

namespace {

Handler named(std::string name) {
  return [name = std::move(name)](Request&) { return Response::text(name); };
}

Response ok(Request&) { return Response::no_content(); }

std::string call(const RouteMatch& m) {
  Request r;
  return m.route->handler(r).body;
}

}  // namespace

TEST(Router, MatchesLiteralPath) {
  Router router;
  router.get("/health", named("health"));
  const auto m = router.match(Method::get, "/health");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.route->pattern, "/health");
  EXPECT_TRUE(m.params.empty());
  EXPECT_EQ(call(m), "health");
}

TEST(Router, ExtractsPathParameters) {
  Router router;
  router.get("/api/v1/books/:id/chapters/:chapter", named("chapter"));
  const auto m = router.match(Method::get, "/api/v1/books/42/chapters/7");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.params.at("id"), "42");
  EXPECT_EQ(m.params.at("chapter"), "7");
  EXPECT_EQ(m.params.size(), 2U);
}

TEST(Router, ParameterDoesNotMatchMissingOrExtraSegments) {
  Router router;
  router.get("/books/:id", named("book"));
  EXPECT_EQ(router.match(Method::get, "/books").kind, RouteMatch::Kind::not_found);
  EXPECT_EQ(router.match(Method::get, "/books/1/extra").kind, RouteMatch::Kind::not_found);
  EXPECT_EQ(router.match(Method::get, "/other/1").kind, RouteMatch::Kind::not_found);
}

TEST(Router, LiteralBeatsParameterWhateverTheRegistrationOrder) {
  for (const bool literal_first : {true, false}) {
    Router router;
    if (literal_first) {
      router.get("/books/generate", named("generate"));
      router.get("/books/:id", named("book"));
    } else {
      router.get("/books/:id", named("book"));
      router.get("/books/generate", named("generate"));
    }
    const auto gen = router.match(Method::get, "/books/generate");
    ASSERT_EQ(gen.kind, RouteMatch::Kind::found);
    EXPECT_EQ(gen.route->pattern, "/books/generate") << "literal_first=" << literal_first;
    EXPECT_TRUE(gen.params.empty());

    const auto book = router.match(Method::get, "/books/17");
    ASSERT_EQ(book.kind, RouteMatch::Kind::found);
    EXPECT_EQ(book.route->pattern, "/books/:id");
    EXPECT_EQ(book.params.at("id"), "17");
  }
}

TEST(Router, ParameterBeatsWildcard) {
  Router router;
  router.get("/files/*path", named("wild"));
  router.get("/files/:name", named("param"));
  EXPECT_EQ(router.match(Method::get, "/files/a").route->pattern, "/files/:name");
  EXPECT_EQ(router.match(Method::get, "/files/a/b").route->pattern, "/files/*path");
  // Two wildcards in the same place are the same route.
  EXPECT_THROW(router.get("/files/*rest", named("again")), std::invalid_argument);
}

TEST(Router, TrailingWildcardCapturesTheRest) {
  Router router;
  router.get("/assets/*path", named("assets"));
  auto m = router.match(Method::get, "/assets/js/app.1234.js");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.params.at("path"), "js/app.1234.js");

  m = router.match(Method::get, "/assets/logo.svg");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.params.at("path"), "logo.svg");

  m = router.match(Method::get, "/assets");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.params.at("path"), "");

  EXPECT_EQ(router.match(Method::get, "/other/x").kind, RouteMatch::Kind::not_found);
}

TEST(Router, UnknownPathIsNotFound) {
  Router router;
  router.get("/a", named("a"));
  const auto m = router.match(Method::get, "/b");
  EXPECT_EQ(m.kind, RouteMatch::Kind::not_found);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed.empty());
}

TEST(Router, WrongMethodIsMethodNotAllowedWithAllowedMethods) {
  Router router;
  router.get("/books/:id", named("get"));
  router.put("/books/:id", named("put"));
  router.del("/books/:id", named("del"));
  router.post("/books", named("create"));
  const auto m = router.match(Method::post, "/books/1");
  ASSERT_EQ(m.kind, RouteMatch::Kind::method_not_allowed);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(allow_header(m.allowed), "GET, PUT, DELETE, HEAD, OPTIONS");
}

TEST(Router, MethodNotAllowedWithoutGetDoesNotListHead) {
  Router router;
  router.post("/books", named("create"));
  const auto m = router.match(Method::get, "/books");
  ASSERT_EQ(m.kind, RouteMatch::Kind::method_not_allowed);
  EXPECT_EQ(allow_header(m.allowed), "POST, OPTIONS");
  const auto h = router.match(Method::head, "/books");
  ASSERT_EQ(h.kind, RouteMatch::Kind::method_not_allowed);
  EXPECT_EQ(allow_header(h.allowed), "POST, OPTIONS");
}

TEST(Router, HeadIsAnsweredByGet) {
  Router router;
  router.get("/books/:id", named("get"));
  const auto m = router.match(Method::head, "/books/3");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.route->method, Method::get);
  EXPECT_EQ(m.params.at("id"), "3");
}

TEST(Router, RepeatedSlashesAreIgnored) {
  Router router;
  router.get("/a/b", named("ab"));
  EXPECT_EQ(router.match(Method::get, "/a//b/").kind, RouteMatch::Kind::found);
}

TEST(Router, RootPath) {
  Router router;
  router.get("/", named("root"));
  EXPECT_EQ(router.match(Method::get, "/").kind, RouteMatch::Kind::found);
  EXPECT_EQ(router.match(Method::get, "/x").kind, RouteMatch::Kind::not_found);
}

TEST(Router, DuplicateRouteThrows) {
  Router router;
  router.get("/books/:id", named("a"));
  EXPECT_THROW(router.get("/books/:id", named("b")), std::invalid_argument);
  // Same shape under another parameter name is still the same route.
  EXPECT_THROW(router.get("/books/:book", named("c")), std::invalid_argument);
  // Another method on the same path is fine.
  EXPECT_NO_THROW(router.put("/books/:id", named("d")));
  // A WebSocket route is a GET route.
  router.websocket("/ws/:room", [](const Request&) { return nullptr; });
  EXPECT_THROW(router.get("/ws/:name", named("e")), std::invalid_argument);
  EXPECT_EQ(router.routes().size(), 3U);
}

TEST(Router, InvalidPatternsThrow) {
  Router router;
  EXPECT_THROW(router.get("", named("x")), std::invalid_argument);
  EXPECT_THROW(router.get("books", named("x")), std::invalid_argument);
  EXPECT_THROW(router.get("/books/:", named("x")), std::invalid_argument);
  EXPECT_THROW(router.get("/books/:bad-name", named("x")), std::invalid_argument);
  EXPECT_THROW(router.get("/files/*", named("x")), std::invalid_argument);
  EXPECT_THROW(router.get("/files/*rest/more", named("x")), std::invalid_argument);
  EXPECT_TRUE(router.routes().empty());
}

TEST(Router, FallbackIsKeptApart) {
  Router router;
  EXPECT_EQ(router.fallback(), nullptr);
  router.set_fallback(named("spa"));
  ASSERT_NE(router.fallback(), nullptr);
  EXPECT_EQ(router.fallback()->method, Method::get);
  EXPECT_EQ(router.match(Method::get, "/anything").kind, RouteMatch::Kind::not_found);
}

TEST(Router, WebSocketRouteKeepsItsFactory) {
  Router router;
  router.websocket("/ws/books/:id", [](const Request&) { return nullptr; });
  const auto m = router.match(Method::get, "/ws/books/9");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_TRUE(static_cast<bool>(m.route->websocket));
  EXPECT_FALSE(static_cast<bool>(m.route->handler));
  EXPECT_EQ(m.params.at("id"), "9");
}

TEST(Router, RouteOptionsAreKept) {
  Router router;
  router.post("/upload", named("u"), RouteOptions{.blocking = false, .body_limit = 42});
  const auto m = router.match(Method::post, "/upload");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_FALSE(m.route->options.blocking);
  EXPECT_EQ(m.route->options.body_limit, 42U);
}

TEST(Router, MethodNamesRoundTrip) {
  for (const auto m :
       {Method::get, Method::head, Method::post, Method::put, Method::patch, Method::del, Method::options}) {
    EXPECT_EQ(parse_method(to_string(m)), m);
  }
  EXPECT_EQ(parse_method("get"), Method::other);
  EXPECT_EQ(parse_method("TRACE"), Method::other);
  EXPECT_EQ(allow_header({}), "");
}

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
