#include "events/redis_bus.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/log.hpp"
#include "db/ids.hpp"
#include "redis/client.hpp"

namespace authorworks::events {
namespace {

struct Outgoing {
  std::string channel;
  std::string payload;
};

std::string state_event(bool connected, const std::string& reason) {
  if (connected) return R"({"type":"restored"})";
  std::string json = R"({"type":"degraded","reason":")";
  for (const char c : reason) {
    if (c == '"' || c == '\\') {
      json += '\\';
      json += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      json += ' ';
    } else {
      json += c;
    }
  }
  return json + "\"}";
}

}  // namespace

struct RedisEventBus::Impl {
  std::shared_ptr<redis::Client> client;
  RedisBusOptions options;
  std::string origin = db::new_id();
  std::shared_ptr<EventBus> local = make_in_process_bus();

  prometheus::Counter* dropped_full = nullptr;
  prometheus::Counter* dropped_unavailable = nullptr;
  prometheus::Gauge* connected_gauge = nullptr;
  std::atomic<std::uint64_t> dropped{0};

  std::mutex queue_mutex;
  std::condition_variable queue_changed;
  std::deque<Outgoing> queue;
  bool stopping = false;
  std::thread publisher;
  bool publish_failing = false;  // the publisher thread's

  mutable std::mutex state_mutex;
  BusState current;
  bool announced_degraded = false;
  std::unordered_map<std::string, int> topic_subscribers;  // under state_mutex

  std::unique_ptr<redis::Subscriber> subscriber;  // last: stopped before the rest goes

  Impl(std::shared_ptr<redis::Client> c, RedisBusOptions o, prometheus::Registry* registry)
      : client(std::move(c)), options(std::move(o)) {
    current = {"redis", false, "connecting to Redis at " + client->url().endpoint()};
    if (registry != nullptr) {
      auto& drops = prometheus::BuildCounter()
                        .Name("authorworks_events_dropped_total")
                        .Help("Events that never reached Redis (they still reached this process's subscribers)")
                        .Register(*registry);
      dropped_full = &drops.Add({{"reason", "queue_full"}});
      dropped_unavailable = &drops.Add({{"reason", "redis_unavailable"}});
      connected_gauge = &prometheus::BuildGauge()
                             .Name("authorworks_event_bus_connected")
                             .Help("1 while events travel across services through Redis, 0 while degraded")
                             .Register(*registry)
                             .Add({});
    }
    subscriber = std::make_unique<redis::Subscriber>(
        client->url(), [this](const redis::Subscriber::Message& m) { on_message(m); },
        [this](redis::Subscriber::State s, const std::string& detail) { on_state(s, detail); }, options.subscriber);
  }

  void count_drop(prometheus::Counter* counter) {
    dropped.fetch_add(1, std::memory_order_relaxed);
    if (counter != nullptr) counter->Increment();
  }

  void on_message(const redis::Subscriber::Message& m) {
    if (!m.channel.starts_with(options.channel_prefix)) return;
    const auto first = m.payload.find('\n');
    if (first == std::string::npos) return;
    const auto second = m.payload.find('\n', first + 1);
    if (second == std::string::npos) return;
    if (std::string_view(m.payload).substr(0, first) == origin) return;  // our own, delivered locally already
    const auto topic = std::string_view(m.channel).substr(options.channel_prefix.size());
    if (topic == kBusStateTopic) return;
    local->publish(topic, std::string_view(m.payload).substr(first + 1, second - first - 1),
                   m.payload.substr(second + 1));
  }

  void on_state(redis::Subscriber::State s, const std::string& detail) {
    const bool connected = s == redis::Subscriber::State::connected;
    bool announce = false;
    {
      std::lock_guard lock(state_mutex);
      current.connected = connected;
      current.detail = detail;
      if (!connected && !announced_degraded) {
        announced_degraded = true;
        announce = true;
      } else if (connected && announced_degraded) {
        announced_degraded = false;
        announce = true;
      }
    }
    if (connected_gauge != nullptr) connected_gauge->Set(connected ? 1 : 0);
    if (announce) {
      local->publish(kBusStateTopic, connected ? "restored" : "degraded", state_event(connected, detail));
    }
  }

  void run_publisher() {
    std::unique_lock lock(queue_mutex);
    for (;;) {
      queue_changed.wait(lock, [&] { return stopping || !queue.empty(); });
      if (stopping) return;
      std::deque<Outgoing> batch;
      batch.swap(queue);
      lock.unlock();
      for (auto& message : batch) send(message);
      lock.lock();
    }
  }

  void send(const Outgoing& message) {
    try {
      client->publish(message.channel, message.payload);
      if (publish_failing) {
        publish_failing = false;
        log::info("events reach Redis again", {{"redis", client->url().endpoint()}});
      }
    } catch (const std::exception& e) {
      count_drop(dropped_unavailable);
      if (!publish_failing) {
        publish_failing = true;
        log::warn("events cannot reach Redis; they reach this process only until it is back",
                  {{"redis", client->url().endpoint()}, {"error", e.what()}});
      }
    }
  }

  void subscribe_topic(const std::string& topic) {
    std::lock_guard lock(state_mutex);
    if (++topic_subscribers[topic] == 1) subscriber->subscribe(options.channel_prefix + topic);
  }

  void unsubscribe_topic(const std::string& topic) {
    std::lock_guard lock(state_mutex);
    const auto it = topic_subscribers.find(topic);
    if (it == topic_subscribers.end()) return;
    if (--it->second > 0) return;
    topic_subscribers.erase(it);
    subscriber->unsubscribe(options.channel_prefix + topic);
  }
};

namespace {

// The local subscription, and the Redis channel as long as the topic has local subscribers.
class RedisSubscription final : public Subscription {
 public:
  RedisSubscription(std::unique_ptr<Subscription> local, std::function<void()> release)
      : local_(std::move(local)), release_(std::move(release)) {}
  ~RedisSubscription() override {
    local_.reset();
    release_();
  }

 private:
  std::unique_ptr<Subscription> local_;
  std::function<void()> release_;
};

}  // namespace

RedisEventBus::RedisEventBus(std::shared_ptr<redis::Client> client, RedisBusOptions options,
                             prometheus::Registry* registry)
    : impl_(std::make_shared<Impl>(std::move(client), std::move(options), registry)) {}

RedisEventBus::~RedisEventBus() { stop(); }

void RedisEventBus::start() {
  {
    std::lock_guard lock(impl_->queue_mutex);
    if (impl_->publisher.joinable()) return;
    impl_->stopping = false;
    impl_->publisher = std::thread([impl = impl_.get()] { impl->run_publisher(); });
  }
  impl_->subscriber->start();
}

void RedisEventBus::stop() {
  impl_->subscriber->stop();
  std::thread publisher;
  {
    std::lock_guard lock(impl_->queue_mutex);
    impl_->stopping = true;
    publisher = std::move(impl_->publisher);
    for (std::size_t i = 0; i < impl_->queue.size(); ++i) impl_->count_drop(impl_->dropped_unavailable);
    impl_->queue.clear();
  }
  impl_->queue_changed.notify_all();
  if (publisher.joinable()) publisher.join();
}

void RedisEventBus::publish(std::string_view topic, std::string_view type, std::string json) {
  if (topic == kBusStateTopic) return;  // the bus's own, never published by others
  Outgoing outgoing{impl_->options.channel_prefix + std::string(topic), {}};
  outgoing.payload.reserve(impl_->origin.size() + type.size() + json.size() + 2);
  outgoing.payload.append(impl_->origin).append(1, '\n').append(type).append(1, '\n').append(json);
  impl_->local->publish(topic, type, std::move(json));
  bool full = false;
  {
    std::lock_guard lock(impl_->queue_mutex);
    if (impl_->stopping) return;
    if (impl_->queue.size() >= impl_->options.publish_queue_limit) {
      full = true;
    } else {
      impl_->queue.push_back(std::move(outgoing));
    }
  }
  if (full) {
    impl_->count_drop(impl_->dropped_full);
    return;
  }
  impl_->queue_changed.notify_one();
}

std::unique_ptr<Subscription> RedisEventBus::subscribe(std::string topic, std::function<void(const Event&)> callback) {
  auto local = impl_->local->subscribe(topic, std::move(callback));
  if (topic == kBusStateTopic) return local;
  impl_->subscribe_topic(topic);
  // The subscription may outlive the bus: then there is no channel left to leave.
  return std::make_unique<RedisSubscription>(std::move(local),
                                             [bus = std::weak_ptr<Impl>(impl_), topic = std::move(topic)] {
                                               if (auto impl = bus.lock()) impl->unsubscribe_topic(topic);
                                             });
}

void RedisEventBus::when_subscribed(const std::string& topic, std::function<void()> ready) {
  if (topic == kBusStateTopic) {
    ready();  // never leaves the process
    return;
  }
  impl_->subscriber->when_subscribed(impl_->options.channel_prefix + topic, std::move(ready));
}

BusState RedisEventBus::state() const {
  std::lock_guard lock(impl_->state_mutex);
  return impl_->current;
}

ReadinessCheck RedisEventBus::check() const {
  const auto s = state();
  return {"redis-events", s.connected,
          s.connected ? "events travel through Redis at " + s.detail : "events stay in this process: " + s.detail};
}

std::uint64_t RedisEventBus::dropped() const noexcept { return impl_->dropped.load(std::memory_order_relaxed); }

const std::string& RedisEventBus::origin() const noexcept { return impl_->origin; }

}  // namespace authorworks::events
