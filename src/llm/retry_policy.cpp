#include "llm/retry_policy.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace authorworks::llm {

std::chrono::milliseconds RetryPolicy::delay(int retry, std::optional<std::chrono::seconds> retry_after,
                                             std::mt19937_64& random) const {
  if (retry_after) {
    return std::min<std::chrono::milliseconds>(std::max<std::chrono::milliseconds>(*retry_after, {}), max_retry_after);
  }
  // Doubling stops at the cap long before the shift could overflow.
  auto ceiling = base_delay;
  for (int i = 0; i < retry && ceiling < max_delay; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, max_delay);
  std::uniform_int_distribution<std::int64_t> pick(0, std::max<std::int64_t>(ceiling.count(), 0));
  return std::chrono::milliseconds(pick(random));
}

bool sleep_unless_stopped(std::chrono::milliseconds duration, std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any woken;
  std::unique_lock lock(mutex);
  // Nothing notifies this variable: only the stop token or the timeout ends the wait.
  woken.wait_for(lock, stop, duration, [] { return false; });
  return !stop.stop_requested();
}

}  // namespace authorworks::llm
