#pragma once
// Reading request bodies field by field. Every module's handlers take the value from
// Request::json(), check its shape with json_object(), and read fields with the typed getters,
// which throw validation_error naming the field, so that clients learn which field is wrong.
//
// Optional getters treat a field set to null like a missing field.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace authorworks {

// The body as an object. Throws Error(bad_request) when it is not a JSON object, and
// validation_error(name, "unknown field") for the first member not in `allowed_fields`.
const boost::json::object& json_object(const boost::json::value& body,
                                       std::initializer_list<std::string_view> allowed_fields);

// A string of valid UTF-8 of at most `max_bytes` bytes. Throws validation_error when the field is
// missing or null ("is required"), not a string ("must be a string"), too long, or not UTF-8.
std::string required_string(const boost::json::object& obj, std::string_view name, std::size_t max_bytes);
// As required_string, but nullopt when the field is missing or null.
std::optional<std::string> optional_string(const boost::json::object& obj, std::string_view name,
                                           std::size_t max_bytes);
// A whole number from `min` to `max`; nullopt when missing or null. Accepts 3 and 3.0, not 3.5.
std::optional<std::int64_t> optional_int(const boost::json::object& obj, std::string_view name, std::int64_t min,
                                         std::int64_t max);
// true or false; nullopt when missing or null.
std::optional<bool> optional_bool(const boost::json::object& obj, std::string_view name);

}  // namespace authorworks
