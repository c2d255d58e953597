#include "llm/pricing.hpp"

#include <charconv>

#include "core/config.hpp"
#include "core/text.hpp"

namespace authorworks::llm {
namespace {

// List prices in USD per million tokens (input, output).
const std::map<std::string, Price, std::less<>>& built_in() {
  static const std::map<std::string, Price, std::less<>> prices{
      {"claude-sonnet-4-5", {3, 15}}, {"claude-sonnet-4", {3, 15}}, {"claude-opus-4-1", {15, 75}},
      {"claude-opus-4", {15, 75}},    {"claude-haiku-4-5", {1, 5}}, {"claude-3-5-haiku", {0.8, 4}},
      {"offline-writer-1", {0, 0}},
  };
  return prices;
}

std::optional<double> parse_price(std::string_view text) {
  text = trim(text);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

PriceTable PriceTable::load(std::string_view overrides) {
  PriceTable table;
  table.prices_ = built_in();
  while (!overrides.empty()) {
    const auto comma = overrides.find(',');
    const auto entry = trim(overrides.substr(0, comma));
    overrides = comma == std::string_view::npos ? std::string_view() : overrides.substr(comma + 1);
    if (entry.empty()) continue;
    const auto equals = entry.find('=');
    const auto colon = entry.find(':', equals == std::string_view::npos ? 0 : equals);
    if (equals == std::string_view::npos || colon == std::string_view::npos || trim(entry.substr(0, equals)).empty()) {
      throw ConfigError("LLM_PRICES", "\"" + std::string(entry) + "\" is not model=input:output");
    }
    const auto input = parse_price(entry.substr(equals + 1, colon - equals - 1));
    const auto output = parse_price(entry.substr(colon + 1));
    if (!input || !output) {
      throw ConfigError("LLM_PRICES",
                        "\"" + std::string(entry) + "\" needs two non-negative numbers (USD per million tokens)");
    }
    table.prices_[std::string(trim(entry.substr(0, equals)))] = Price{*input, *output};
  }
  return table;
}

std::optional<Price> PriceTable::find(std::string_view model) const {
  if (auto it = prices_.find(model); it != prices_.end()) return it->second;
  std::optional<Price> best;
  std::size_t best_length = 0;
  for (const auto& [name, price] : prices_) {
    if (name.size() > best_length && model.substr(0, name.size()) == name) {
      best = price;
      best_length = name.size();
    }
  }
  return best;
}

double PriceTable::cost_usd(std::string_view model, const Usage& usage) const {
  const auto price = find(model);
  if (!price) return 0;
  const auto cached = usage.cache_creation_input_tokens + usage.cache_read_input_tokens;
  const auto plain_input = static_cast<double>(std::max<std::int64_t>(0, usage.input_tokens - cached));
  return (plain_input * price->input_per_million +
          static_cast<double>(usage.cache_creation_input_tokens) * price->input_per_million * 1.25 +
          static_cast<double>(usage.cache_read_input_tokens) * price->input_per_million * 0.1 +
          static_cast<double>(usage.output_tokens) * price->output_per_million) /
         1e6;
}

}  // namespace authorworks::llm
