#include <gtest/gtest.h>

#include "modules/discovery/search_terms.hpp"

namespace {

using authorworks::discovery::fts5_match;
using authorworks::discovery::search_terms;
using authorworks::discovery::tsquery_text;

TEST(DiscoverySearchTermsTest, LettersAndDigitsMakeTermsAndTheRestSeparates) {
  EXPECT_EQ(search_terms("The  Dragon's Keep, 2nd"), (std::vector<std::string>{"the", "dragon", "s", "keep", "2nd"}));
  EXPECT_TRUE(search_terms("  !!! ** \"\" ").empty());
  EXPECT_EQ(search_terms("Café Noir"), (std::vector<std::string>{"café", "noir"}));
}

TEST(DiscoverySearchTermsTest, NoSearchOperatorReachesTheDatabase) {
  const auto terms = search_terms(R"(a" OR title:* NEAR(x) -b & c | !d)");
  for (const auto& t : terms) {
    for (const char c : t) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << t;
  }
  EXPECT_EQ(fts5_match({"drag", "keep"}), R"("drag"* AND "keep"*)");
  EXPECT_EQ(tsquery_text({"drag", "keep"}), "drag:* & keep:*");
  EXPECT_EQ(fts5_match({}), "");
}

TEST(DiscoverySearchTermsTest, TheNumberOfTermsIsBounded) {
  EXPECT_EQ(search_terms("a b c d e f g h i j k l m n o p", 12).size(), 12u);
}

}  // namespace
