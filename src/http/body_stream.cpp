#include "http/body_stream.hpp"

namespace authorworks::http {

void BodyStream::notify(std::unique_lock<std::mutex>& lock) {
  auto notifier = notifier_;
  lock.unlock();
  if (notifier) notifier();
}

bool BodyStream::write(std::string_view bytes) {
  std::unique_lock lock(mutex_);
  while (!bytes.empty()) {
    space_.wait(lock, [this] { return closed_ || buffer_.size() < max_buffered_; });
    if (closed_) return false;
    const auto take = std::min(bytes.size(), max_buffered_ - buffer_.size());
    const bool was_empty = buffer_.empty();
    buffer_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (was_empty) {
      notify(lock);
      lock.lock();
    }
  }
  return !closed_;
}

void BodyStream::finish() {
  std::unique_lock lock(mutex_);
  finished_ = true;
  notify(lock);
}

void BodyStream::fail() {
  std::unique_lock lock(mutex_);
  failed_ = true;
  notify(lock);
}

void BodyStream::set_notifier(std::function<void()> notifier) {
  std::unique_lock lock(mutex_);
  notifier_ = std::move(notifier);
  const bool ready = !buffer_.empty() || finished_ || failed_;
  if (ready) notify(lock);
}

BodyStream::Drained BodyStream::drain() {
  std::lock_guard lock(mutex_);
  Drained out;
  out.bytes.swap(buffer_);
  out.finished = finished_;
  out.failed = failed_;
  space_.notify_all();
  return out;
}

void BodyStream::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  notifier_ = nullptr;
  space_.notify_all();
}

}  // namespace authorworks::http
