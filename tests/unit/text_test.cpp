#include <gtest/gtest.h>

#include <string>

#include "core/text.hpp"

using authorworks::is_valid_utf8;
using authorworks::percent_decode;

namespace {
std::string bytes(std::initializer_list<unsigned> values) {
  std::string out;
  for (const auto v : values) out.push_back(static_cast<char>(v));
  return out;
}
}  // namespace

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8(std::string("nul \0 inside", 12)));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9"));                    // U+00E9
  EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC"));                   // U+20AC
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x93\x9A"));               // U+1F4DA
  EXPECT_TRUE(is_valid_utf8(bytes({0xC2, 0x80})));              // U+0080, smallest two-byte
  EXPECT_TRUE(is_valid_utf8(bytes({0xDF, 0xBF})));              // U+07FF
  EXPECT_TRUE(is_valid_utf8(bytes({0xE0, 0xA0, 0x80})));        // U+0800, smallest three-byte
  EXPECT_TRUE(is_valid_utf8(bytes({0xED, 0x9F, 0xBF})));        // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_valid_utf8(bytes({0xEE, 0x80, 0x80})));        // U+E000, just above them
  EXPECT_TRUE(is_valid_utf8(bytes({0xEF, 0xBF, 0xBF})));        // U+FFFF
  EXPECT_TRUE(is_valid_utf8(bytes({0xF0, 0x90, 0x80, 0x80})));  // U+10000, smallest four-byte
  EXPECT_TRUE(is_valid_utf8(bytes({0xF4, 0x8F, 0xBF, 0xBF})));  // U+10FFFF, the largest
}

TEST(Utf8, RejectsOverlongs) {
  EXPECT_FALSE(is_valid_utf8(bytes({0xC0, 0x80})));  // NUL in two bytes
  EXPECT_FALSE(is_valid_utf8(bytes({0xC0, 0xAF})));  // '/' in two bytes
  EXPECT_FALSE(is_valid_utf8(bytes({0xC1, 0xBF})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xE0, 0x80, 0xAF})));        // '/' in three bytes
  EXPECT_FALSE(is_valid_utf8(bytes({0xE0, 0x9F, 0xBF})));        // U+07FF in three bytes
  EXPECT_FALSE(is_valid_utf8(bytes({0xF0, 0x80, 0x80, 0xAF})));  // '/' in four bytes
  EXPECT_FALSE(is_valid_utf8(bytes({0xF0, 0x8F, 0xBF, 0xBF})));  // U+FFFF in four bytes
}

TEST(Utf8, RejectsSurrogatesAndTooLarge) {
  EXPECT_FALSE(is_valid_utf8(bytes({0xED, 0xA0, 0x80})));                    // U+D800
  EXPECT_FALSE(is_valid_utf8(bytes({0xED, 0xBF, 0xBF})));                    // U+DFFF
  EXPECT_FALSE(is_valid_utf8(bytes({0xED, 0xA0, 0xBD, 0xED, 0xB2, 0xA9})));  // CESU-8 pair
  EXPECT_FALSE(is_valid_utf8(bytes({0xF4, 0x90, 0x80, 0x80})));              // U+110000
  EXPECT_FALSE(is_valid_utf8(bytes({0xF5, 0x80, 0x80, 0x80})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xF7, 0xBF, 0xBF, 0xBF})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xF8, 0x88, 0x80, 0x80, 0x80})));  // five-byte form
  EXPECT_FALSE(is_valid_utf8(bytes({0xFC, 0x84, 0x80, 0x80, 0x80, 0x80})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xFE})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xFF})));
}

TEST(Utf8, RejectsTruncationAndStrayContinuations) {
  EXPECT_FALSE(is_valid_utf8(bytes({0xC3})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xE2, 0x82})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xF0, 0x9F, 0x93})));
  EXPECT_FALSE(is_valid_utf8("ok" + bytes({0xF0, 0x9F})));
  EXPECT_FALSE(is_valid_utf8(bytes({0x80})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xBF})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xC3, 0x41})));  // lead byte, then ASCII
  EXPECT_FALSE(is_valid_utf8(bytes({0xE2, 0x82, 0x41})));
  EXPECT_FALSE(is_valid_utf8(bytes({0xC3, 0xA9, 0xA9})));  // one continuation too many
}

TEST(PercentDecode, DecodesEscapes) {
  EXPECT_EQ(percent_decode("", false), "");
  EXPECT_EQ(percent_decode("plain", false), "plain");
  EXPECT_EQ(percent_decode("a%20b", false), "a b");
  EXPECT_EQ(percent_decode("%2F%2f", false), "//");
  EXPECT_EQ(percent_decode("%41%42%43", false), "ABC");
  EXPECT_EQ(percent_decode("caf%C3%A9", false), "caf\xC3\xA9");
  EXPECT_EQ(percent_decode("%00", false), std::string(1, '\0'));
  EXPECT_EQ(percent_decode("%25", false), "%");
  EXPECT_EQ(percent_decode("%2541", false), "%41");  // decodes once only
}

TEST(PercentDecode, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a%2Bb", true), "a+b");
}

TEST(PercentDecode, RejectsMalformedEscapes) {
  for (const char* bad : {"%", "%4", "a%", "a%4", "%G0", "%0G", "%%", "%-1", "abc%2", "% 20"}) {
    EXPECT_EQ(percent_decode(bad, false), std::nullopt) << bad;
    EXPECT_EQ(percent_decode(bad, true), std::nullopt) << bad;
  }
}

TEST(Text, LowerAndTrim) {
  EXPECT_EQ(authorworks::to_lower("Content-TYPE 123"), "content-type 123");
  EXPECT_EQ(authorworks::to_lower("\xC3\x89"), "\xC3\x89");  // only ASCII is folded
  EXPECT_EQ(authorworks::trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(authorworks::trim(" \t\r\n "), "");
  EXPECT_EQ(authorworks::trim(""), "");
  EXPECT_EQ(authorworks::trim("x"), "x");
}
