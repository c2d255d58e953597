// Word counts, tails, paragraph trims and hashes on drafted text.
#include <gtest/gtest.h>

#include "generation/scene_text.hpp"

namespace gen = authorworks::generation;

TEST(GenerationSceneText, CountsRunsOfNonSpace) {
  EXPECT_EQ(gen::count_words(""), 0);
  EXPECT_EQ(gen::count_words("   \n\n "), 0);
  EXPECT_EQ(gen::count_words("INT. HOUSE - NIGHT\n\nADA\nHello, there."), 7);
  EXPECT_EQ(gen::count_words("one\ttwo\r\nthree"), 3);
}

TEST(GenerationSceneText, TailStartsAtAWord) {
  EXPECT_EQ(gen::tail_words("a b c d e", 2), "d e");
  EXPECT_EQ(gen::tail_words("a b", 5), "a b");
  EXPECT_EQ(gen::tail_words("a b  ", 1), "b  ");
  EXPECT_EQ(gen::tail_words("a b", 0), "");
}

TEST(GenerationSceneText, TrimsAtTheLastParagraphThatFits) {
  const std::string text = "one two three.\n\nfour five six.\n\nseven eight nine ten eleven.";
  EXPECT_EQ(gen::trim_to_words(text, 4, 8), "one two three.\n\nfour five six.");
  // No paragraph break in range: a sentence end, else a word.
  EXPECT_EQ(gen::trim_to_words("a b c. d e f g h", 2, 6), "a b c.");
  EXPECT_EQ(gen::trim_to_words("a b c d e f g h", 2, 5), "a b c d e");
  EXPECT_EQ(gen::trim_to_words("a b", 0, 10), "a b");
}

TEST(GenerationSceneText, JoinsContinuationsWithOneParagraphBreak) {
  EXPECT_EQ(gen::join_continuation("Start.  \n", "\n  more."), "Start.\n\nmore.");
  EXPECT_EQ(gen::join_continuation("", "more."), "more.");
}

TEST(GenerationSceneText, Sha256IsHex) {
  EXPECT_EQ(gen::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
