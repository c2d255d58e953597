#include "http/event_stream.hpp"

namespace authorworks::http {

bool EventStream::push(std::string chunk) {
  std::unique_lock lock(mutex_);
  if (closed_ || finished_) return false;
  if (queue_.size() >= max_queued_) {
    closed_ = true;
    queue_.clear();
    auto notify = notifier_;
    run_close_callback(lock);
    if (notify) notify();
    return false;
  }
  queue_.push_back(std::move(chunk));
  auto notify = notifier_;
  lock.unlock();
  if (notify) notify();
  return true;
}

bool EventStream::push_event(std::string_view event, std::string_view data, std::string_view id) {
  return push(format_sse(event, data, id));
}

void EventStream::finish() {
  std::unique_lock lock(mutex_);
  finished_ = true;
  auto notify = notifier_;
  lock.unlock();
  if (notify) notify();
}

void EventStream::on_close(std::function<void()> callback) {
  std::unique_lock lock(mutex_);
  if (closed_) {
    lock.unlock();
    callback();
    return;
  }
  on_close_ = std::move(callback);
}

void EventStream::set_notifier(std::function<void()> notifier) {
  std::lock_guard lock(mutex_);
  notifier_ = std::move(notifier);
}

EventStream::Drained EventStream::drain() {
  std::lock_guard lock(mutex_);
  Drained out;
  out.chunks.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  out.finished = finished_ || closed_;
  return out;
}

void EventStream::close() {
  std::unique_lock lock(mutex_);
  if (closed_) return;
  closed_ = true;
  notifier_ = nullptr;
  run_close_callback(lock);
}

bool EventStream::is_closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void EventStream::run_close_callback(std::unique_lock<std::mutex>& lock) {
  auto callback = std::move(on_close_);
  on_close_ = nullptr;
  lock.unlock();
  if (callback) callback();
}

std::string format_sse(std::string_view event, std::string_view data, std::string_view id) {
  std::string out;
  out.reserve(data.size() + event.size() + 32);
  if (!id.empty()) {
    out += "id: ";
    out += id;
    out += '\n';
  }
  if (!event.empty()) {
    out += "event: ";
    out += event;
    out += '\n';
  }
  std::size_t start = 0;
  while (true) {
    const auto nl = data.find('\n', start);
    out += "data: ";
    out += data.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    out += '\n';
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  out += '\n';
  return out;
}

}  // namespace authorworks::http
