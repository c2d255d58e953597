#pragma once
// A Server-Sent Events response: the handler returns it inside a Response and feeds it from any
// thread; the server drains it onto the socket and sends a keep-alive comment when it is quiet.
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authorworks::http {

class EventStream {
 public:
  explicit EventStream(std::size_t max_queued = 1024) : max_queued_(max_queued) {}

  // Producer side. Returns false once the stream is finished or the client has gone away; a
  // client that lets more than `max_queued` events pile up is disconnected.
  bool push(std::string chunk);
  bool push_event(std::string_view event, std::string_view data, std::string_view id = {});
  void finish();                                  // ends the response after what is queued
  void on_close(std::function<void()> callback);  // runs once, when the stream ends for any reason

  // Server side.
  void set_notifier(std::function<void()> notifier);
  struct Drained {
    std::vector<std::string> chunks;
    bool finished = false;
  };
  Drained drain();
  void close();  // the client went away or the server is stopping
  bool is_closed() const;

 private:
  void run_close_callback(std::unique_lock<std::mutex>& lock);

  mutable std::mutex mutex_;
  std::deque<std::string> queue_;
  std::size_t max_queued_;
  bool finished_ = false;
  bool closed_ = false;
  std::function<void()> notifier_;
  std::function<void()> on_close_;
};

// Formats one SSE event; multi-line data becomes several `data:` lines.
std::string format_sse(std::string_view event, std::string_view data, std::string_view id = {});

}  // namespace authorworks::http
