#include "runtime/worker_pool.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/log.hpp"

namespace authorworks {

struct WorkerPool::Impl {
  explicit Impl(unsigned threads) : pool(threads) {}
  boost::asio::thread_pool pool;
};

WorkerPool::WorkerPool(unsigned threads, std::size_t queue_limit)
    : impl_(std::make_unique<Impl>(threads)), queue_limit_(queue_limit), threads_(threads) {}

WorkerPool::~WorkerPool() { join(); }

bool WorkerPool::try_post(std::function<void()> task) {
  if (pending_.fetch_add(1, std::memory_order_relaxed) >= queue_limit_) {
    pending_.fetch_sub(1, std::memory_order_relaxed);
    return false;
  }
  run(std::move(task));
  return true;
}

void WorkerPool::post(std::function<void()> task) {
  pending_.fetch_add(1, std::memory_order_relaxed);
  run(std::move(task));
}

// `task` is already counted in pending_; it is uncounted when it ends, however it ends.
void WorkerPool::run(std::function<void()> task) {
  boost::asio::post(impl_->pool, [this, task = std::move(task)] {
    try {
      task();
    } catch (const std::exception& e) {
      log::error("a background task failed", {{"error", e.what()}});
    }
    pending_.fetch_sub(1, std::memory_order_relaxed);
  });
}

void WorkerPool::join() { impl_->pool.join(); }

}  // namespace authorworks
