#pragma once
// What a model API's failed answer means for the writer: a failure for good (WriterError) or one
// another attempt may cure (RetryableFailure), with a message for people that names the provider.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "llm/http_stream.hpp"
#include "llm/writer.hpp"

namespace authorworks::llm {

// Thrown by an attempt that may succeed when tried again (429, 529, 5xx, a broken or silent stream).
struct RetryableFailure {
  WriterFailure failure;
  std::string message;
  std::optional<std::chrono::seconds> retry_after;
};

// How a provider is named in messages for people.
struct ProviderWording {
  std::string_view service;       // "the Anthropic API"
  std::string_view rejected_key;  // "the Anthropic API key was rejected"
};

// Throws the WriterError or RetryableFailure that `result` stands for unless it is a complete 2xx
// answer.
void throw_unless_success(const HttpStreamResult& result, const ProviderWording& wording,
                          std::chrono::milliseconds stall_timeout);

// The human message inside an API error body ({"error":{"message":…}}, {"error":"…"}), else the
// body itself, shortened.
std::string api_error_message(std::string_view body);

}  // namespace authorworks::llm
