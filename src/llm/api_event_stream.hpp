#pragma once
// The streaming call both model writers make: POST a request to the provider's API and read the
// answer as server-sent events, turning a failed answer into the writer's errors.
#include <chrono>
#include <stop_token>

#include "llm/api_failure.hpp"
#include "llm/http_stream.hpp"
#include "llm/sse_parser.hpp"

namespace authorworks::llm {

// Hands each event of the answer to `on_event` as it arrives. Throws what throw_unless_success
// throws for a failed answer, and a retryable server failure for an event past the parser's limit.
void stream_api_events(const HttpStreamRequest& request, const ProviderWording& wording,
                       std::chrono::milliseconds stall_timeout, const SseParser::EventHandler& on_event,
                       std::stop_token stop);

}  // namespace authorworks::llm
