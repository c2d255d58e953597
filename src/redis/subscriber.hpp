#pragma once
// The receiving side of Redis pub/sub, for events across services. A background thread holds one
// dedicated connection in SUBSCRIBE/PSUBSCRIBE mode and calls `on_message` for each message, on
// that thread. subscribe()/unsubscribe() may be called from any thread at any time, before or
// after start().
//
// When Redis goes away the thread reports State::disconnected through `on_state`, retries with a
// growing back-off (250 ms doubling to 5 s), and on reconnecting re-subscribes to everything before
// reporting State::connected again. Messages published while it was disconnected are lost: pub/sub
// is for events that may be missed (caches to drop, views to refresh), not for anything durable.
//
// The callbacks must not block for long (they hold up every later message) and must not call
// stop() or destroy the Subscriber.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "modules/module.hpp"
#include "redis/url.hpp"

namespace authorworks::redis {

struct SubscriberOptions {
  std::chrono::milliseconds connect_timeout{1000};  // also bounds AUTH and the first SUBSCRIBE
  std::chrono::milliseconds initial_backoff{250};
  std::chrono::milliseconds max_backoff{5000};
  // After this long without traffic the thread sends a PING; without an answer in ping_timeout the
  // connection counts as dead (a peer that vanished without closing the socket).
  std::chrono::milliseconds ping_interval{15000};
  std::chrono::milliseconds ping_timeout{2000};
};

class Subscriber {
 public:
  struct Message {
    std::string channel;
    std::string payload;
    std::string pattern;  // the PSUBSCRIBE pattern that matched; empty for a SUBSCRIBE channel
  };
  enum class State { connected, disconnected };
  using MessageHandler = std::function<void(const Message& message)>;
  // `detail`: the endpoint when connected, the reason when disconnected.
  using StateHandler = std::function<void(State state, const std::string& detail)>;

  Subscriber(Url url, MessageHandler on_message, StateHandler on_state = {}, SubscriberOptions options = {});
  ~Subscriber();  // stop()
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // Starts the thread; it connects in the background (start never waits for Redis).
  void start();
  // Stops and joins the thread promptly (it wakes at once, even while waiting to reconnect).
  void stop();

  void subscribe(const std::string& channel);
  void unsubscribe(const std::string& channel);
  // Calls `ready` once Redis has confirmed the subscription to `channel` (after subscribe()), so
  // that whatever is published from then on arrives: at once when it is confirmed already, else on
  // the subscriber's thread when the confirmation comes. Also at once while Redis is unreachable,
  // and when the connection is lost before the confirmation: there is nothing to wait for then
  // (on_state has said so). Never called after stop(). `ready` must be quick and must not call
  // back into the Subscriber.
  void when_subscribed(const std::string& channel, std::function<void()> ready);
  void psubscribe(const std::string& pattern);  // glob-style, e.g. "events.*"
  void punsubscribe(const std::string& pattern);

  bool connected() const noexcept;
  // For /ready: ok while connected and subscribed, the last reason otherwise.
  ReadinessCheck check() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace authorworks::redis
