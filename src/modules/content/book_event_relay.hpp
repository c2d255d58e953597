#pragma once
// Passes one book's events to one client (a Server-Sent Events stream or a WebSocket) in order. The
// client subscribes to the bus first and reads the book's status second, so that nothing published
// in between is missed; the relay holds what the bus delivers until that status has gone out, so
// the client always hears the status first and every later event after it.
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "events/event_bus.hpp"

namespace authorworks::content {

class BookEventRelay {
 public:
  // Hands one event to the client; false when the client has gone away. Called with the relay's
  // lock held, so it must be quick (queue and return), and it never runs twice at once.
  using Deliver = std::function<bool(std::string_view type, const std::shared_ptr<const std::string>& json)>;
  // Called once, without the lock, after a terminal event (completed, failed, cancelled) has been
  // delivered; nothing is delivered after it. Empty: the relay keeps going after terminal events
  // (a WebSocket stays open for a resume).
  using End = std::function<void()>;

  // Events that arrive before start() and exceed this many are dropped: the status sent at start
  // covers them, since the database is the source of truth.
  static constexpr std::size_t kMaxPending = 4096;

  BookEventRelay(Deliver deliver, End end);

  // The bus's callback; any thread.
  void on_event(const events::Event& event);
  // Delivers `status_json` (type "status") first, then what arrived before. With an End and a
  // terminal status, ends right after it.
  void start(std::shared_ptr<const std::string> status_json, bool terminal);
  bool ended() const;

 private:
  // Returns true when this delivery ended the relay.
  bool deliver_locked(std::string_view type, const std::shared_ptr<const std::string>& json);

  Deliver deliver_;
  End end_;
  mutable std::mutex mutex_;
  bool started_ = false;
  bool ended_ = false;
  std::vector<events::Event> pending_;
};

}  // namespace authorworks::content
