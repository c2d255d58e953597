#include "generation/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace authorworks::generation {

void run_in_parallel(int count, unsigned parallelism, std::stop_token stop,
                     const std::function<void(int, std::stop_token)>& fn) {
  if (count <= 0) return;
  std::stop_source local;
  std::stop_callback forward(stop, [&local] { local.request_stop(); });
  std::atomic<int> next{0};
  std::mutex mutex;
  std::exception_ptr first_failure;
  auto work = [&] {
    for (;;) {
      const int index = next.fetch_add(1);
      if (index >= count || local.stop_requested()) return;
      try {
        fn(index, local.get_token());
      } catch (...) {
        std::lock_guard lock(mutex);
        // Only the first failure counts: the others are this stop's echoes.
        if (!first_failure) first_failure = std::current_exception();
        local.request_stop();
        return;
      }
    }
  };
  const auto threads = std::clamp<int>(static_cast<int>(std::max(1u, parallelism)), 1, count);
  {
    std::vector<std::jthread> pool;
    pool.reserve(static_cast<std::size_t>(threads - 1));
    for (int i = 1; i < threads; ++i) pool.emplace_back(work);
    work();
  }
  if (first_failure) std::rethrow_exception(first_failure);
}

}  // namespace authorworks::generation
