#include "llm/retrying_call.hpp"

#include "core/log.hpp"

#include <cstdint>
#include <random>
#include <string>

namespace authorworks::llm {

Completion call_with_retries(const RetryPolicy& policy, const ProviderWording& wording, const TextSink& sink,
                             std::stop_token stop, const std::function<Completion(const TextSink& sink)>& attempt) {
  const auto cancelled = [&] {
    return WriterError(WriterFailure::cancelled, "the request to " + std::string(wording.service) + " was cancelled");
  };
  thread_local std::mt19937_64 random{std::random_device{}()};
  for (int retry = 0;; ++retry) {
    if (stop.stop_requested()) throw cancelled();
    bool delivered = false;
    const TextSink attempt_sink(
        [&](std::string_view delta) {
          delivered = true;
          sink(delta);
        },
        nullptr);
    try {
      return attempt(attempt_sink);
    } catch (const RetryableFailure& failure) {
      if (retry >= policy.max_retries) {
        throw WriterError(failure.failure,
                          failure.message + (policy.max_retries > 0
                                                 ? "; gave up after " + std::to_string(policy.max_retries) + " retries"
                                                 : std::string()));
      }
      if (delivered) sink.restart();
      const auto wait = policy.delay(retry, failure.retry_after, random);
      log::warn("writer request failed; retrying", {{"service", wording.service},
                                                    {"failure", failure_name(failure.failure)},
                                                    {"error", failure.message},
                                                    {"retry", retry + 1},
                                                    {"wait_ms", static_cast<std::int64_t>(wait.count())}});
      if (!sleep_unless_stopped(wait, stop)) throw cancelled();
    }
  }
}

}  // namespace authorworks::llm
