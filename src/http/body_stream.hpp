#pragma once
// A response body produced while it is sent (a download relayed from the object store): the
// handler returns it inside a Response and a producer thread writes to it; the server sends what
// has arrived. The producer waits while `max_buffered` bytes are waiting for a slow client, so a
// large body never sits in memory whole.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace authorworks::http {

class BodyStream {
 public:
  // `length`: the body's exact size, sent as Content-Length; unset: chunked.
  explicit BodyStream(std::optional<std::uint64_t> length, std::size_t max_buffered = 1024 * 1024)
      : length_(length), max_buffered_(max_buffered) {}

  std::optional<std::uint64_t> length() const noexcept { return length_; }

  // Producer side. write() blocks while the buffer is full; false once the client has gone away.
  bool write(std::string_view bytes);
  void finish();  // the whole body was written
  void fail();    // the body cannot be completed: the connection is cut so the client sees it

  // Server side.
  void set_notifier(std::function<void()> notifier);
  struct Drained {
    std::string bytes;
    bool finished = false;
    bool failed = false;
  };
  Drained drain();
  void close();  // the client went away or the server is stopping: write() returns false from now on

 private:
  void notify(std::unique_lock<std::mutex>& lock);

  std::optional<std::uint64_t> length_;
  std::size_t max_buffered_;
  std::mutex mutex_;
  std::condition_variable space_;
  std::string buffer_;
  bool finished_ = false;
  bool failed_ = false;
  bool closed_ = false;
  std::function<void()> notifier_;
};

}  // namespace authorworks::http
