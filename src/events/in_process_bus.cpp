// The in-process event bus: topics map to subscribers. Publishing copies the topic's callbacks under
// the lock and calls them outside it, so a callback may subscribe, unsubscribe or publish without
// deadlocking, and a slow or throwing subscriber never holds up the bus for the others.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/log.hpp"
#include "events/event_bus.hpp"

namespace authorworks::events {
namespace {

using Callback = std::function<void(const Event&)>;

// Shared by the bus and its subscriptions, so that a subscription outliving the bus is harmless.
struct Registry {
  std::mutex mutex;
  std::uint64_t next_id = 1;
  std::unordered_map<std::string, std::map<std::uint64_t, std::shared_ptr<const Callback>>> topics;
};

class InProcessSubscription final : public Subscription {
 public:
  InProcessSubscription(std::weak_ptr<Registry> registry, std::string topic, std::uint64_t id)
      : registry_(std::move(registry)), topic_(std::move(topic)), id_(id) {}

  ~InProcessSubscription() override {
    auto registry = registry_.lock();
    if (!registry) return;
    std::lock_guard lock(registry->mutex);
    auto it = registry->topics.find(topic_);
    if (it == registry->topics.end()) return;
    it->second.erase(id_);
    if (it->second.empty()) registry->topics.erase(it);
  }

 private:
  std::weak_ptr<Registry> registry_;
  std::string topic_;
  std::uint64_t id_;
};

class InProcessBus final : public EventBus {
 public:
  void publish(std::string_view topic, std::string_view type, std::string json) override {
    std::vector<std::shared_ptr<const Callback>> callbacks;
    {
      std::lock_guard lock(registry_->mutex);
      auto it = registry_->topics.find(std::string(topic));
      if (it == registry_->topics.end()) return;
      callbacks.reserve(it->second.size());
      for (const auto& [id, callback] : it->second) callbacks.push_back(callback);
    }
    const Event event{std::string(topic), std::string(type), std::make_shared<const std::string>(std::move(json))};
    for (const auto& callback : callbacks) {
      try {
        (*callback)(event);
      } catch (const std::exception& e) {
        log::warn("event subscriber failed", {{"topic", event.topic}, {"type", event.type}, {"error", e.what()}});
      } catch (...) {
        log::warn("event subscriber failed", {{"topic", event.topic}, {"type", event.type}});
      }
    }
  }

  std::unique_ptr<Subscription> subscribe(std::string topic, std::function<void(const Event&)> callback) override {
    std::lock_guard lock(registry_->mutex);
    const auto id = registry_->next_id++;
    registry_->topics[topic].emplace(id, std::make_shared<const Callback>(std::move(callback)));
    return std::make_unique<InProcessSubscription>(registry_, std::move(topic), id);
  }

 private:
  std::shared_ptr<Registry> registry_ = std::make_shared<Registry>();
};

}  // namespace

std::shared_ptr<EventBus> make_in_process_bus() { return std::make_shared<InProcessBus>(); }

}  // namespace authorworks::events
