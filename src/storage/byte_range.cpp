#include "storage/byte_range.hpp"

#include <charconv>

#include "core/text.hpp"

namespace authorworks::storage {
namespace {

std::optional<std::uint64_t> number(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

RangeRequest parse_range(std::optional<std::string_view> header, std::uint64_t size) {
  RangeRequest whole;
  if (!header) return whole;
  auto text = trim(*header);
  if (!text.starts_with("bytes=")) return whole;
  text.remove_prefix(6);
  if (text.find(',') != std::string_view::npos) return whole;
  text = trim(text);
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) return whole;
  const auto first_text = trim(text.substr(0, dash));
  const auto last_text = trim(text.substr(dash + 1));
  RangeRequest out;
  out.kind = RangeRequest::Kind::partial;
  if (first_text.empty()) {
    // A suffix: the last N bytes.
    const auto suffix = number(last_text);
    if (!suffix) return whole;
    if (*suffix == 0 || size == 0) return {RangeRequest::Kind::unsatisfiable, {}};
    const auto length = std::min(*suffix, size);
    out.range = {size - length, length};
    return out;
  }
  const auto first = number(first_text);
  if (!first) return whole;
  std::optional<std::uint64_t> last;
  if (!last_text.empty()) {
    last = number(last_text);
    if (!last || *last < *first) return whole;
  }
  if (*first >= size) return {RangeRequest::Kind::unsatisfiable, {}};
  const auto end = last ? std::min(*last, size - 1) : size - 1;
  out.range = {*first, end - *first + 1};
  return out;
}

}  // namespace authorworks::storage
