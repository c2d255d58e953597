#pragma once
// Small helpers the model writers share for reading API answers and building request URLs.
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace authorworks::llm {

// "https://api.example.com/" → "https://api.example.com", so paths can be appended.
std::string trim_trailing_slash(std::string url);
// An integer member, or `fallback` when it is missing or not an integer.
std::int64_t json_integer(const boost::json::object& object, std::string_view key, std::int64_t fallback);
// A string member, or "" when it is missing or not a string.
std::string json_string(const boost::json::object& object, std::string_view key);
// Roughly four characters per token for English text with the common BPE vocabularies: for servers
// that report no usage, and for the offline writer, which has no tokenizer.
std::int64_t estimate_tokens(std::size_t characters);

}  // namespace authorworks::llm
