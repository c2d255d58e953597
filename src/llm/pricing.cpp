#include "llm/pricing.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

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

constexpr double kCacheWriteFactor = 1.25;
constexpr double kCacheReadFactor = 0.1;

double parse_price(std::string_view text, std::string_view entry) {
  text = trim(text);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) || value < 0) {
    throw ConfigError("LLM_PRICES", "expected a non-negative number of USD per million tokens in '" +
                                        std::string(entry) + "', got '" + std::string(text) + "'");
  }
  return value;
}

}  // namespace

PriceTable PriceTable::load(std::string_view overrides) {
  PriceTable table;
  table.prices_ = built_in();
  while (!overrides.empty()) {
    const auto comma = overrides.find(',');
    const std::string_view entry = trim(overrides.substr(0, comma));
    overrides = comma == std::string_view::npos ? std::string_view{} : overrides.substr(comma + 1);
    if (entry.empty()) continue;  // a trailing comma
    const auto equals = entry.find('=');
    const auto colon = equals == std::string_view::npos ? std::string_view::npos : entry.find(':', equals);
    if (equals == std::string_view::npos || colon == std::string_view::npos) {
      throw ConfigError("LLM_PRICES",
                        "expected model=input:output (USD per million tokens), got '" + std::string(entry) + "'");
    }
    const std::string_view model = trim(entry.substr(0, equals));
    if (model.empty()) throw ConfigError("LLM_PRICES", "missing the model name in '" + std::string(entry) + "'");
    const Price price{parse_price(entry.substr(equals + 1, colon - equals - 1), entry),
                      parse_price(entry.substr(colon + 1), entry)};
    table.prices_.insert_or_assign(std::string(model), price);
  }
  return table;
}

std::optional<Price> PriceTable::find(std::string_view model) const {
  if (const auto exact = prices_.find(model); exact != prices_.end()) return exact->second;
  const Price* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& [name, price] : prices_) {
    if (name.size() > best_length && model.starts_with(name)) {
      best = &price;
      best_length = name.size();
    }
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

double PriceTable::cost_usd(std::string_view model, const Usage& usage) const {
  const auto price = find(model);
  if (!price) return 0;
  const auto cached = usage.cache_creation_input_tokens + usage.cache_read_input_tokens;
  const auto uncached = std::max<std::int64_t>(usage.input_tokens - cached, 0);
  const double input = static_cast<double>(uncached) +
                       kCacheWriteFactor * static_cast<double>(usage.cache_creation_input_tokens) +
                       kCacheReadFactor * static_cast<double>(usage.cache_read_input_tokens);
  return (input * price->input_per_million + static_cast<double>(usage.output_tokens) * price->output_per_million) /
         1'000'000.0;
}

}  // namespace authorworks::llm
