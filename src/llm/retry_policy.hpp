#pragma once
// When a model writer tries again: exponential backoff with full jitter (a uniformly random wait
// between zero and base * 2^retry, capped), unless the server said how long to wait.
#include <chrono>
#include <optional>
#include <random>
#include <stop_token>

namespace authorworks::llm {

struct RetryPolicy {
  int max_retries = 5;  // attempts after the first
  std::chrono::milliseconds base_delay{1000};
  std::chrono::milliseconds max_delay{60'000};
  // The longest retry-after honoured, so that one answer cannot park a generation thread for long.
  std::chrono::milliseconds max_retry_after{300'000};

  // The wait before retry number `retry` (0 for the first retry). A retry-after from the server
  // wins over the jitter.
  std::chrono::milliseconds delay(int retry, std::optional<std::chrono::seconds> retry_after,
                                  std::mt19937_64& random) const;
};

// Sleeps for `duration` unless `stop` is requested first; returns false when it was.
bool sleep_unless_stopped(std::chrono::milliseconds duration, std::stop_token stop);

}  // namespace authorworks::llm
