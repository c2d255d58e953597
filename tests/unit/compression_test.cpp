#include <gtest/gtest.h>
#include <zlib.h>

#include <memory>
#include <string>

#include "http/compression.hpp"
#include "http/event_stream.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

using namespace authorworks::http;

namespace {

std::string gunzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);  // gzip wrapper only
  std::string out;
  char buffer[4096];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - zs.avail_out);
  }
  inflateEnd(&zs);
  EXPECT_EQ(rc, Z_STREAM_END);
  EXPECT_EQ(zs.avail_in, 0U);  // nothing after the gzip member
  return out;
}

std::string text_of_size(std::size_t n) {
  std::string out;
  while (out.size() < n) out += "It was a dark and stormy night; the rain fell in torrents. ";
  out.resize(n);
  return out;
}

Request with_accept(std::string_view accept_encoding) {
  Request r;
  if (!accept_encoding.empty()) r.headers.set("Accept-Encoding", accept_encoding);
  return r;
}

Response text_response(std::size_t size, std::string_view type = "text/html; charset=utf-8") {
  return Response::text(text_of_size(size), type);
}

}  // namespace

TEST(Gzip, RoundTrip) {
  for (const std::size_t n : {0UL, 1UL, 1000UL, 200000UL}) {
    const auto original = text_of_size(n);
    const auto packed = gzip(original);
    ASSERT_GE(packed.size(), 18U);
    EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1F);
    EXPECT_EQ(static_cast<unsigned char>(packed[1]), 0x8B);
    EXPECT_EQ(gunzip(packed), original) << n;
    if (n >= 1000) {
      EXPECT_LT(packed.size(), original.size() / 4);
    }
  }
}

TEST(Gzip, RoundTripBinary) {
  std::string data;
  for (int i = 0; i < 5000; ++i) data.push_back(static_cast<char>((i * 7919) & 0xFF));
  EXPECT_EQ(gunzip(gzip(data)), data);
}

TEST(Gzip, ApplySetsHeadersAndBody) {
  auto r = text_response(5000);
  const auto original = r.body;
  r.headers.add("Vary", "Origin");
  apply_gzip(r);
  EXPECT_EQ(r.headers.get("Content-Encoding"), "gzip");
  std::vector<std::string> vary;
  for (const auto& [k, v] : r.headers.entries()) {
    if (iequals(k, "Vary")) vary.push_back(v);
  }
  EXPECT_EQ(vary, (std::vector<std::string>{"Origin", "Accept-Encoding"}));
  EXPECT_EQ(gunzip(r.body), original);
}

TEST(ShouldGzip, LargeTextForAcceptingClient) {
  EXPECT_TRUE(should_gzip(with_accept("gzip"), text_response(2000)));
  EXPECT_TRUE(should_gzip(with_accept("gzip, deflate, br"), text_response(2000)));
  EXPECT_TRUE(should_gzip(with_accept("br;q=1.0, gzip;q=0.8"), text_response(2000)));
  EXPECT_TRUE(should_gzip(with_accept("*"), text_response(2000)));
  EXPECT_TRUE(should_gzip(with_accept("deflate,gzip"), text_response(2000)));
}

TEST(ShouldGzip, ClientMustAcceptGzip) {
  EXPECT_FALSE(should_gzip(with_accept(""), text_response(2000)));
  EXPECT_FALSE(should_gzip(with_accept("br, deflate"), text_response(2000)));
  EXPECT_FALSE(should_gzip(with_accept("identity"), text_response(2000)));
  EXPECT_FALSE(should_gzip(with_accept("gzipx"), text_response(2000)));
}

TEST(ShouldGzip, QZeroRefuses) {
  EXPECT_FALSE(should_gzip(with_accept("gzip;q=0"), text_response(2000)));
  EXPECT_FALSE(should_gzip(with_accept("gzip; q=0"), text_response(2000)));
  EXPECT_FALSE(should_gzip(with_accept("gzip;q=0.0"), text_response(2000)));
  EXPECT_FALSE(should_gzip(with_accept("gzip;q=0.000"), text_response(2000)));
  EXPECT_FALSE(should_gzip(with_accept("br, gzip;q=0"), text_response(2000)));
  EXPECT_FALSE(should_gzip(with_accept("*;q=0"), text_response(2000)));
  EXPECT_TRUE(should_gzip(with_accept("gzip;q=0.5"), text_response(2000)));
  EXPECT_TRUE(should_gzip(with_accept("gzip;q=0.001"), text_response(2000)));
}

TEST(ShouldGzip, MinimumSize) {
  EXPECT_FALSE(should_gzip(with_accept("gzip"), text_response(0)));
  EXPECT_FALSE(should_gzip(with_accept("gzip"), text_response(859)));
  EXPECT_TRUE(should_gzip(with_accept("gzip"), text_response(860)));
}

TEST(ShouldGzip, OnlyTextTypes) {
  for (const char* type : {"text/plain; charset=utf-8", "text/css", "application/json", "application/problem+json",
                           "text/javascript", "application/javascript", "image/svg+xml", "application/xml"}) {
    EXPECT_TRUE(should_gzip(with_accept("gzip"), text_response(2000, type))) << type;
  }
  for (const char* type : {"image/png", "image/jpeg", "application/octet-stream", "application/zip", "font/woff2",
                           "video/mp4", "application/wasm"}) {
    EXPECT_FALSE(should_gzip(with_accept("gzip"), text_response(2000, type))) << type;
  }
  Response untyped;
  untyped.body = text_of_size(2000);
  EXPECT_FALSE(should_gzip(with_accept("gzip"), untyped));
}

TEST(ShouldGzip, NotForEncodedFilesOrStreams) {
  auto encoded = text_response(2000);
  encoded.headers.set("Content-Encoding", "br");
  EXPECT_FALSE(should_gzip(with_accept("gzip"), encoded));

  auto file = text_response(2000);
  file.file = "/tmp/whatever.html";
  EXPECT_FALSE(should_gzip(with_accept("gzip"), file));

  auto stream = text_response(2000, "text/event-stream");
  stream.stream = std::make_shared<EventStream>();
  EXPECT_FALSE(should_gzip(with_accept("gzip"), stream));
}
