#include "llm/pricing.hpp"

#include <gtest/gtest.h>

#include "core/config.hpp"

namespace authorworks::llm {
namespace {

TEST(PriceTable, KnowsTheListPrices) {
  const auto table = PriceTable::load("");
  const auto sonnet = table.find("claude-sonnet-4-5");
  ASSERT_TRUE(sonnet);
  EXPECT_DOUBLE_EQ(sonnet->input_per_million, 3);
  EXPECT_DOUBLE_EQ(sonnet->output_per_million, 15);
  EXPECT_DOUBLE_EQ(table.find("claude-opus-4-1")->output_per_million, 75);
  EXPECT_DOUBLE_EQ(table.find("claude-haiku-4-5")->input_per_million, 1);
  EXPECT_DOUBLE_EQ(table.find("claude-3-5-haiku")->input_per_million, 0.8);
  EXPECT_DOUBLE_EQ(table.find("offline-writer-1")->output_per_million, 0);
  EXPECT_FALSE(table.find("llama3.1:8b"));
}

TEST(PriceTable, FindsTheLongestPrefixForADatedModelId) {
  const auto table = PriceTable::load("");
  // claude-sonnet-4 is a prefix of claude-sonnet-4-5-…: the longer entry must win.
  const auto table_with = PriceTable::load("claude-sonnet-4=2:10");
  EXPECT_DOUBLE_EQ(table_with.find("claude-sonnet-4-5-20250929")->input_per_million, 3);
  EXPECT_DOUBLE_EQ(table_with.find("claude-sonnet-4-20250514")->input_per_million, 2);
  EXPECT_DOUBLE_EQ(table.find("claude-3-5-haiku-20241022")->output_per_million, 4);
}

TEST(PriceTable, OverridesAndAddsFromLlmPrices) {
  const auto table = PriceTable::load(" llama3.1:8b = 0.1:0.2 , claude-sonnet-4-5=2.5:12,");
  EXPECT_DOUBLE_EQ(table.find("llama3.1:8b")->input_per_million, 0.1);
  EXPECT_DOUBLE_EQ(table.find("llama3.1:8b")->output_per_million, 0.2);
  EXPECT_DOUBLE_EQ(table.find("claude-sonnet-4-5")->input_per_million, 2.5);
  EXPECT_DOUBLE_EQ(table.find("claude-opus-4")->input_per_million, 15);
}

TEST(PriceTable, RefusesMalformedEntriesNamingTheVariable) {
  for (const char* bad : {"claude", "claude=3", "=3:15", "m=x:1", "m=1:", "m=-1:2", "m=1:2:3", "m=inf:1"}) {
    try {
      PriceTable::load(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.variable(), "LLM_PRICES") << bad;
    }
  }
}

TEST(PriceTable, CostsCacheWritesAndReadsAsAnthropicBills) {
  const auto table = PriceTable::load("");
  // 1M uncached input at 3, 1M output at 15.
  EXPECT_NEAR(table.cost_usd("claude-sonnet-4-5", {.input_tokens = 1'000'000, .output_tokens = 1'000'000}), 18, 1e-9);
  // Of 3M prompt tokens: 1M uncached (3), 1M written to the cache (3.75), 1M read from it (0.3).
  const Usage cached{.input_tokens = 3'000'000,
                     .output_tokens = 0,
                     .cache_creation_input_tokens = 1'000'000,
                     .cache_read_input_tokens = 1'000'000};
  EXPECT_NEAR(table.cost_usd("claude-sonnet-4-5-20250929", cached), 7.05, 1e-9);
  EXPECT_EQ(table.cost_usd("unknown-model", {.input_tokens = 1000, .output_tokens = 1000}), 0);
  EXPECT_EQ(table.cost_usd("offline-writer-1", {.input_tokens = 1000, .output_tokens = 1000}), 0);
}

}  // namespace
}  // namespace authorworks::llm
