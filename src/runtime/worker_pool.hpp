#pragma once
// The bounded pool where blocking work runs (database, HTTP clients, file rendering), so that the
// I/O threads only ever move bytes. When the queue is full, try_post refuses and the caller answers
// 503 instead of letting latency grow without bound.
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>

namespace authorworks {

class WorkerPool {
 public:
  WorkerPool(unsigned threads, std::size_t queue_limit);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task` unless `queue_limit` tasks are already queued or running.
  bool try_post(std::function<void()> task);
  // Queues `task` regardless of the limit (background jobs that must not be dropped).
  void post(std::function<void()> task);

  std::size_t pending() const noexcept { return pending_.load(std::memory_order_relaxed); }
  std::size_t queue_limit() const noexcept { return queue_limit_; }
  unsigned threads() const noexcept { return threads_; }

  // Waits for queued tasks to finish and stops the threads.
  void join();

 private:
  void run(std::function<void()> task);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<std::size_t> pending_{0};
  std::size_t queue_limit_;
  unsigned threads_;
};

}  // namespace authorworks
