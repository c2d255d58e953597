#include "llm/api_event_stream.hpp"

#include <stdexcept>
#include <string>

namespace authorworks::llm {

void stream_api_events(const HttpStreamRequest& request, const ProviderWording& wording,
                       std::chrono::milliseconds stall_timeout, const SseParser::EventHandler& on_event,
                       std::stop_token stop) {
  SseParser parser;
  const auto result = http_stream(
      request,
      [&](std::string_view chunk) {
        try {
          parser.feed(chunk, on_event);
        } catch (const std::length_error&) {
          throw RetryableFailure{WriterFailure::server, std::string(wording.service) + " sent an oversized event",
                                 std::nullopt};
        }
      },
      stop);
  throw_unless_success(result, wording, stall_timeout);
}

}  // namespace authorworks::llm
