#pragma once
// The event bus across services, chosen when REDIS_URL is set (the redis module makes one per
// process and provides it to every module).
//
// - Local subscribers get an event at once, from publish() itself, whatever Redis is doing: a
//   client of this process (SSE, /ws) keeps hearing this process's events while Redis is down.
// - The event also goes to Redis on the channel `prefix + topic`, tagged with this process's
//   origin id, through a bounded queue and a publisher thread: publish() never waits for Redis.
//   When the queue is full, or Redis refuses, the event is dropped and counted
//   (authorworks_events_dropped_total{reason}): events may be lost, the database is the truth.
// - The bus SUBSCRIBEs to the channel of every topic that has a local subscriber (and only those,
//   so a process does not receive every book's text), and hands what other processes published to
//   its local subscribers. Its own messages come back from Redis too and are ignored by origin.
// - The subscriber reconnects by itself; state() says connected or degraded with the reason, and
//   each change is announced on kBusStateTopic.
//
// Wire format of a message: "<origin>\n<type>\n<event JSON>".
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "events/event_bus.hpp"
#include "modules/module.hpp"
#include "redis/subscriber.hpp"

namespace prometheus {
class Registry;
}

namespace authorworks::redis {
class Client;
}

namespace authorworks::events {

struct RedisBusOptions {
  std::string channel_prefix = "authorworks:events:";
  // Events waiting for Redis; beyond this they are dropped rather than held without bound.
  std::size_t publish_queue_limit = 10'000;
  redis::SubscriberOptions subscriber{};
};

class RedisEventBus final : public EventBus {
 public:
  // `registry`: where the drop counter and the connection gauge go; may be null (tests).
  RedisEventBus(std::shared_ptr<redis::Client> client, RedisBusOptions options = {},
                prometheus::Registry* registry = nullptr);
  ~RedisEventBus() override;  // stop()
  RedisEventBus(const RedisEventBus&) = delete;
  RedisEventBus& operator=(const RedisEventBus&) = delete;

  // Starts the publisher and subscriber threads; neither waits for Redis.
  void start();
  // Joins both threads; events still queued for Redis are dropped.
  void stop();

  void publish(std::string_view topic, std::string_view type, std::string json) override;
  [[nodiscard]] std::unique_ptr<Subscription> subscribe(std::string topic,
                                                        std::function<void(const Event&)> callback) override;
  void when_subscribed(const std::string& topic, std::function<void()> ready) override;
  BusState state() const override;

  // For /ready: "redis-events", ok while subscribed, the reason otherwise.
  ReadinessCheck check() const;
  // Events that never reached Redis (queue full, Redis unreachable), since the start.
  std::uint64_t dropped() const noexcept;
  // This process's tag on what it publishes.
  const std::string& origin() const noexcept;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace authorworks::events
