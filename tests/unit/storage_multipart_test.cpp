#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "storage/multipart_parser.hpp"

namespace authorworks::storage {
namespace {

struct Collected {
  std::vector<MultipartPart> parts;
  std::vector<std::string> bodies;
};

// Parses `body` fed in pieces of `piece` bytes.
Collected parse(const std::string& body, std::size_t piece, const std::string& boundary = "XyZ") {
  Collected out;
  MultipartParser parser(boundary, {.begin_part =
                                        [&](const MultipartPart& p) {
                                          out.parts.push_back(p);
                                          out.bodies.emplace_back();
                                        },
                                    .part_data = [&](std::string_view b) { out.bodies.back().append(b); },
                                    .end_part = [] {}});
  for (std::size_t at = 0; at < body.size(); at += piece) parser.feed(std::string_view(body).substr(at, piece));
  parser.finish();
  return out;
}

const std::string kTwoParts =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"title\"\r\n"
    "\r\n"
    "My book\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "line one\r\nline two --XyZ not a boundary\r\n\r\n"
    "--XyZ--\r\n"
    "epilogue";

TEST(MultipartParser, ReadsPartsAndTheirHeaders) {
  const auto c = parse(kTwoParts, kTwoParts.size());
  ASSERT_EQ(c.parts.size(), 2U);
  EXPECT_EQ(c.parts[0].name, "title");
  EXPECT_FALSE(c.parts[0].filename);
  EXPECT_EQ(c.bodies[0], "My book");
  EXPECT_EQ(c.parts[1].name, "file");
  EXPECT_EQ(c.parts[1].filename, "notes.txt");
  EXPECT_EQ(c.parts[1].content_type, "text/plain");
  EXPECT_EQ(c.bodies[1], "line one\r\nline two --XyZ not a boundary\r\n");
}

TEST(MultipartParser, GivesTheSameResultWhateverThePieceSize) {
  const auto whole = parse(kTwoParts, kTwoParts.size());
  for (std::size_t piece = 1; piece < 40; ++piece) {
    const auto split = parse(kTwoParts, piece);
    ASSERT_EQ(split.bodies, whole.bodies) << "piece size " << piece;
  }
}

TEST(MultipartParser, KeepsBinaryBytesExactly) {
  std::string bytes;
  for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 7) % 256);
  bytes += "\r\n--XyY";  // nearly a delimiter
  bytes.insert(100, "\r\n--Xy");
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.bin\"\r\n\r\n" + bytes + "\r\n--XyZ--";
  for (const std::size_t piece : {1UL, 3UL, 64UL, 5000UL}) EXPECT_EQ(parse(body, piece).bodies.at(0), bytes);
}

TEST(MultipartParser, IgnoresThePreambleAndAllowsPadding) {
  const std::string body =
      "preamble text\r\n--XyZ \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nA\r\n--XyZ--";
  const auto c = parse(body, 2);
  ASSERT_EQ(c.bodies.size(), 1U);
  EXPECT_EQ(c.bodies[0], "A");
}

TEST(MultipartParser, ReadsAnEmptyPart) {
  const auto c = parse("--XyZ\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n--XyZ--", 5);
  ASSERT_EQ(c.bodies.size(), 1U);
  EXPECT_EQ(c.bodies[0], "");
}

TEST(MultipartParser, PrefersTheExtendedFileName) {
  const auto c = parse(
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"; "
      "filename*=UTF-8''%C3%A9t%C3%A9.txt\r\n\r\nx\r\n--XyZ--",
      7);
  EXPECT_EQ(c.parts.at(0).filename, "\xC3\xA9t\xC3\xA9.txt");
}

TEST(MultipartParser, UnquotesQuotedParameters) {
  const auto c = parse(
      "--XyZ\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\"; c.txt\"\r\n\r\nx\r\n--XyZ--", 4);
  EXPECT_EQ(c.parts.at(0).filename, "a \"b\"; c.txt");
}

void expect_malformed(const std::string& body) {
  try {
    parse(body, 3);
    FAIL() << "accepted: " << body;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::bad_request);
    EXPECT_NE(e.detail().find("multipart"), std::string::npos);
  }
}

TEST(MultipartParser, RefusesMalformedBodies) {
  expect_malformed("");                                                              // no boundary at all
  expect_malformed("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nA");  // no closing boundary
  expect_malformed("--XyZ\r\nContent-Type: text/plain\r\n\r\nA\r\n--XyZ--");         // no disposition
  expect_malformed("--XyZ\r\nContent-Disposition: attachment\r\n\r\nA\r\n--XyZ--");
  expect_malformed("--XyZ\r\nno colon here\r\n\r\nA\r\n--XyZ--");
  expect_malformed("--XyZjunk\r\n");
  expect_malformed("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nA\r\n--XyZ--");
  expect_malformed("--XyZ\r\nX: " + std::string(MultipartParser::kMaxHeaderBytes + 10, 'a') + "\r\n\r\n--XyZ--");
  std::string many;
  for (std::size_t i = 0; i <= MultipartParser::kMaxParts; ++i)
    many += "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nA\r\n";
  expect_malformed(many + "--XyZ--");
}

TEST(MultipartParser, FindsTheBoundaryInTheContentType) {
  EXPECT_EQ(MultipartParser::boundary_of("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(MultipartParser::boundary_of("Multipart/Form-Data;boundary=\"a b:c\""), "a b:c");
  EXPECT_EQ(MultipartParser::boundary_of("multipart/form-data; charset=utf-8; boundary=----WebKit12"), "----WebKit12");
  EXPECT_FALSE(MultipartParser::boundary_of("multipart/form-data"));
  EXPECT_FALSE(MultipartParser::boundary_of("multipart/mixed; boundary=abc"));
  EXPECT_FALSE(MultipartParser::boundary_of("application/json"));
  EXPECT_FALSE(MultipartParser::boundary_of("multipart/form-data; boundary="));
  EXPECT_FALSE(MultipartParser::boundary_of("multipart/form-data; boundary=" + std::string(71, 'a')));
  EXPECT_FALSE(MultipartParser::boundary_of("multipart/form-data; boundary=a\"b"));
  EXPECT_FALSE(MultipartParser::boundary_of("multipart/form-data; boundary=\"unterminated"));
}

}  // namespace
}  // namespace authorworks::storage
