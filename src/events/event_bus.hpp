#pragma once
// Publish/subscribe by topic ("book:<id>", "user:<id>"). In the single binary the bus is in-process;
// with REDIS_URL set it travels over Redis pub/sub so that a client connected to one service hears
// what another published. Events are what may be lost: the database stays the source of truth, and
// a subscriber that reconnects reads the current state from there.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace authorworks::events {

// How far this process's events reach: for /ready, and for clients of /ws, who are told when events
// from other services stop arriving and when they come back.
struct BusState {
  std::string mode;       // "in-process" (one binary) or "redis" (across services)
  bool connected = true;  // false while Redis is unreachable: events reach this process only
  std::string detail;     // the Redis endpoint when connected, why not otherwise
};

// A topic that never leaves the process: the bus announces its own state changes on it, as
// events "degraded" ({"type":"degraded","reason":...}) and "restored" ({"type":"restored"}).
inline constexpr std::string_view kBusStateTopic = "bus:state";

struct Event {
  std::string topic;
  std::string type;  // "stage", "progress", "text", "scene", "completed", "failed", "cancelled", ...
  std::shared_ptr<const std::string> json;  // the whole event as a JSON object, wrapped once for fan-out
};

// Unsubscribes when destroyed.
class Subscription {
 public:
  virtual ~Subscription() = default;
};

class EventBus {
 public:
  virtual ~EventBus() = default;
  // Never blocks on a slow subscriber; callbacks must be quick (queue and return).
  virtual void publish(std::string_view topic, std::string_view type, std::string json) = 0;
  [[nodiscard]] virtual std::unique_ptr<Subscription> subscribe(std::string topic,
                                                                std::function<void(const Event&)> callback) = 0;
  // Calls `ready` once a subscription to `topic` (made before) hears events published anywhere,
  // not only in this process: at once on the in-process bus; with Redis, once Redis has confirmed
  // the channel (or at once while Redis is unreachable: then only local events can arrive, and
  // state() says so). From another thread, possibly; `ready` must be quick.
  virtual void when_subscribed(const std::string& topic, std::function<void()> ready) {
    (void)topic;
    ready();
  }
  virtual BusState state() const { return {"in-process", true, "events stay in this process"}; }
};

std::shared_ptr<EventBus> make_in_process_bus();

}  // namespace authorworks::events
