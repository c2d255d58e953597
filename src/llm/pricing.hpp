#pragma once
// What a writer's tokens cost, from a table in configuration: the built-in list prices merged
// with LLM_PRICES ("model=input:output,..." in USD per million tokens).
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "llm/writer.hpp"

namespace authorworks::llm {

struct Price {
  double input_per_million = 0;
  double output_per_million = 0;
};

class PriceTable {
 public:
  // The built-in table with `overrides` (LLM_PRICES) on top; throws ConfigError("LLM_PRICES") for
  // a malformed entry.
  static PriceTable load(std::string_view overrides);

  // The price of `model`: an exact entry, else the longest entry that is a prefix of it (so a dated
  // model id like claude-sonnet-4-5-20250929 finds claude-sonnet-4-5); nullopt when unknown.
  std::optional<Price> find(std::string_view model) const;
  // Cache writes cost 1.25 times the input price and cache reads 0.1 times, as Anthropic bills.
  // An unknown model costs 0.
  double cost_usd(std::string_view model, const Usage& usage) const;

 private:
  std::map<std::string, Price, std::less<>> prices_;
};

}  // namespace authorworks::llm
