#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "http/static_files.hpp"

using authorworks::Error;
using authorworks::ErrorCode;
using namespace authorworks::http;
namespace fs = std::filesystem;

namespace {

class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("authorworks-static-test-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "assets");
    write("index.html", "<!doctype html><title>AuthorWorks</title>");
    write("assets/app.1234.js", "console.log('hi');");
    write("assets/logo.png", std::string("\x89PNG\r\n\x1a\n", 8));
    write("robots.txt", "User-agent: *\n");
    write("manifest.webmanifest", "{}");
    // A file outside the web root that traversal must not reach.
    std::ofstream(root_.parent_path() / (root_.filename().string() + "-secret.txt")) << "secret";
    handler_ = make_static_handler(root_);
  }
  void TearDown() override {
    fs::remove_all(root_);
    fs::remove(root_.parent_path() / (root_.filename().string() + "-secret.txt"));
  }

  void write(const std::string& name, const std::string& content) {
    std::ofstream(root_ / name, std::ios::binary) << content;
  }

  Response get(std::string_view target, std::string_view if_none_match = {}) {
    Request r;
    r.set_target(target);
    if (!if_none_match.empty()) r.headers.set("If-None-Match", if_none_match);
    return handler_(r);
  }

  // The code of the Error the handler throws for `target`.
  ErrorCode refused(std::string_view target) {
    try {
      get(target);
    } catch (const Error& e) {
      return e.code();
    }
    ADD_FAILURE() << target << " was served";
    return ErrorCode::internal;
  }

  fs::path root_;
  Handler handler_;
};

}  // namespace

TEST_F(StaticFiles, ServesAFileWithTypeAndEtag) {
  const auto r = get("/robots.txt");
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.headers.get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.body, "User-agent: *\n");
  EXPECT_FALSE(r.file.has_value());
  const auto etag = r.headers.get("ETag");
  ASSERT_TRUE(etag.has_value());
  EXPECT_TRUE(etag->starts_with("W/\"")) << *etag;
  EXPECT_TRUE(etag->ends_with("\"")) << *etag;
  EXPECT_EQ(r.headers.get("Cache-Control"), "no-cache");
  EXPECT_EQ(r.headers.get("X-Content-Type-Options"), "nosniff");
}

TEST_F(StaticFiles, BinaryFilesAreStreamedFromDisk) {
  const auto r = get("/assets/logo.png");
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.headers.get("Content-Type"), "image/png");
  ASSERT_TRUE(r.file.has_value());
  EXPECT_EQ(fs::canonical(*r.file), fs::canonical(root_ / "assets/logo.png"));
  EXPECT_TRUE(r.body.empty());
}

TEST_F(StaticFiles, EtagChangesWithTheContent) {
  const auto before = std::string(*get("/robots.txt").headers.get("ETag"));
  write("robots.txt", "User-agent: *\nDisallow: /api/\n");
  const auto after = std::string(*get("/robots.txt").headers.get("ETag"));
  EXPECT_NE(before, after);
}

TEST_F(StaticFiles, IfNoneMatchGives304) {
  const auto etag = std::string(*get("/assets/app.1234.js").headers.get("ETag"));
  const auto r = get("/assets/app.1234.js", etag);
  EXPECT_EQ(r.status, 304U);
  EXPECT_TRUE(r.body.empty());
  EXPECT_FALSE(r.file.has_value());
  EXPECT_EQ(r.headers.get("ETag"), etag);
  EXPECT_EQ(get("/assets/app.1234.js", "W/\"other\"").status, 200U);
}

TEST_F(StaticFiles, AssetsAreImmutable) {
  const auto r = get("/assets/app.1234.js");
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.headers.get("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r.headers.get("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r.body, "console.log('hi');");
  EXPECT_EQ(get("/index.html").headers.get("Cache-Control"), "no-cache");
}

TEST_F(StaticFiles, RootServesIndex) {
  const auto r = get("/");
  EXPECT_EQ(r.status, 200U);
  EXPECT_EQ(r.headers.get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.body, "<!doctype html><title>AuthorWorks</title>");
  EXPECT_EQ(r.headers.get("Cache-Control"), "no-cache");
}

TEST_F(StaticFiles, ExtensionlessPathsFallBackToIndex) {
  for (const char* path : {"/books", "/books/42/chapters/3", "/settings/", "/books?tab=notes"}) {
    const auto r = get(path);
    EXPECT_EQ(r.status, 200U) << path;
    EXPECT_EQ(r.body, "<!doctype html><title>AuthorWorks</title>") << path;
    EXPECT_EQ(r.headers.get("Cache-Control"), "no-cache") << path;
  }
}

TEST_F(StaticFiles, MissingFileWithExtensionIs404) {
  EXPECT_EQ(refused("/missing.js"), ErrorCode::not_found);
  EXPECT_EQ(refused("/assets/app.9999.js"), ErrorCode::not_found);
  EXPECT_EQ(refused("/favicon.ico"), ErrorCode::not_found);
}

TEST_F(StaticFiles, TraversalIsRefused) {
  const std::string secret = "/../" + root_.filename().string() + "-secret.txt";
  EXPECT_EQ(refused(secret), ErrorCode::not_found);
  EXPECT_EQ(refused("/%2e%2e/" + root_.filename().string() + "-secret.txt"), ErrorCode::not_found);
  EXPECT_EQ(refused("/assets/../../" + root_.filename().string() + "-secret.txt"), ErrorCode::not_found);
  EXPECT_EQ(refused("/assets/..%2f..%2f" + root_.filename().string() + "-secret.txt"), ErrorCode::not_found);
  EXPECT_EQ(refused("/./robots.txt"), ErrorCode::not_found);
  EXPECT_EQ(refused("/.."), ErrorCode::not_found);
  // The same paths without a file extension must not quietly serve index.html either.
  EXPECT_EQ(refused("/../etc"), ErrorCode::not_found);
}

TEST_F(StaticFiles, ApiPathsGetNotFound) {
  for (const char* path : {"/api", "/api/", "/api/v1/books", "/api/v1/unknown.json", "/ws", "/ws/books/1"}) {
    EXPECT_EQ(refused(path), ErrorCode::not_found) << path;
  }
  try {
    get("/api/v1/books");
  } catch (const Error& e) {
    EXPECT_NE(e.detail().find("API"), std::string::npos) << e.detail();
  }
}

TEST_F(StaticFiles, DirectoriesAreNotFiles) {
  // /assets is a folder: with no extension it is a client-side route.
  EXPECT_EQ(get("/assets").body, "<!doctype html><title>AuthorWorks</title>");
}

TEST(ContentType, KnownExtensions) {
  EXPECT_EQ(content_type_for("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("a.js.map"), "application/json");
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("a.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("a.wasm"), "application/wasm");
  EXPECT_EQ(content_type_for("a.unknown"), "application/octet-stream");
  EXPECT_EQ(content_type_for("Makefile"), "application/octet-stream");
}
