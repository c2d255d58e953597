#include "core/json_body.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/text.hpp"

namespace authorworks {
namespace {

// The field's value, or nullptr when it is missing or null.
const boost::json::value* find(const boost::json::object& obj, std::string_view name) {
  const auto* value = obj.if_contains(name);
  return value == nullptr || value->is_null() ? nullptr : value;
}

std::string read_string(const boost::json::value& value, std::string_view name, std::size_t max_bytes) {
  const auto* text = value.if_string();
  if (text == nullptr) throw validation_error(std::string(name), "must be a string");
  if (text->size() > max_bytes) {
    throw validation_error(std::string(name), "must be at most " + std::to_string(max_bytes) + " bytes long");
  }
  const std::string_view view(*text);
  if (!is_valid_utf8(view)) throw validation_error(std::string(name), "must be valid UTF-8");
  return std::string(view);
}

}  // namespace

const boost::json::object& json_object(const boost::json::value& body,
                                       std::initializer_list<std::string_view> allowed_fields) {
  const auto* obj = body.if_object();
  if (obj == nullptr) throw Error(ErrorCode::bad_request, "the request body must be a JSON object");
  for (const auto& member : *obj) {
    bool allowed = false;
    for (const auto name : allowed_fields) allowed = allowed || member.key() == name;
    if (!allowed) throw validation_error(std::string(member.key()), "unknown field");
  }
  return *obj;
}

std::string required_string(const boost::json::object& obj, std::string_view name, std::size_t max_bytes) {
  const auto* value = find(obj, name);
  if (value == nullptr) throw validation_error(std::string(name), "is required");
  return read_string(*value, name, max_bytes);
}

std::optional<std::string> optional_string(const boost::json::object& obj, std::string_view name,
                                           std::size_t max_bytes) {
  const auto* value = find(obj, name);
  if (value == nullptr) return std::nullopt;
  return read_string(*value, name, max_bytes);
}

std::optional<std::int64_t> optional_int(const boost::json::object& obj, std::string_view name, std::int64_t min,
                                         std::int64_t max) {
  const auto* value = find(obj, name);
  if (value == nullptr) return std::nullopt;
  const auto out_of_range = [&] {
    return validation_error(std::string(name), "must be from " + std::to_string(min) + " to " + std::to_string(max));
  };
  std::int64_t number = 0;
  if (const auto* i = value->if_int64()) {
    number = *i;
  } else if (const auto* u = value->if_uint64()) {
    // Only values above INT64_MAX are stored as uint64, and those are above any `max`.
    if (*u > static_cast<std::uint64_t>(max < 0 ? 0 : max)) throw out_of_range();
    number = static_cast<std::int64_t>(*u);
  } else if (const auto* d = value->if_double()) {
    if (!std::isfinite(*d) || std::trunc(*d) != *d) throw validation_error(std::string(name), "must be a whole number");
    // Converting a double outside the int64 range is undefined: refuse those first (2^63 is exact).
    constexpr double two_to_63 = 9223372036854775808.0;
    if (*d < -two_to_63 || *d >= two_to_63) throw out_of_range();
    number = static_cast<std::int64_t>(*d);
  } else {
    throw validation_error(std::string(name), "must be a whole number");
  }
  if (number < min || number > max) throw out_of_range();
  return number;
}

std::optional<bool> optional_bool(const boost::json::object& obj, std::string_view name) {
  const auto* value = find(obj, name);
  if (value == nullptr) return std::nullopt;
  const auto* b = value->if_bool();
  if (b == nullptr) throw validation_error(std::string(name), "must be true or false");
  return *b;
}

}  // namespace authorworks
