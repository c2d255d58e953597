// The in-process event bus: delivery by topic, isolation of failing subscribers, unsubscribing,
// and publishing from many threads while subscribers come and go.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "events/event_bus.hpp"

namespace events = authorworks::events;

TEST(EventBus, DeliversByTopicInOrder) {
  auto bus = events::make_in_process_bus();
  std::vector<std::string> seen;
  auto sub = bus->subscribe("book:1", [&](const events::Event& e) { seen.push_back(e.type + " " + *e.json); });
  bus->publish("book:1", "stage", R"({"type":"stage"})");
  bus->publish("book:2", "stage", R"({"type":"other"})");
  bus->publish("book:1", "completed", R"({"type":"completed"})");
  EXPECT_EQ(seen, (std::vector<std::string>{R"(stage {"type":"stage"})", R"(completed {"type":"completed"})"}));
}

TEST(EventBus, AThrowingSubscriberNeverAffectsOthers) {
  auto bus = events::make_in_process_bus();
  int delivered = 0;
  auto bad = bus->subscribe("t", [](const events::Event&) { throw std::runtime_error("boom"); });
  auto good = bus->subscribe("t", [&](const events::Event&) { ++delivered; });
  auto bad2 = bus->subscribe("t", [](const events::Event&) { throw 42; });
  EXPECT_NO_THROW(bus->publish("t", "x", "{}"));
  EXPECT_NO_THROW(bus->publish("t", "x", "{}"));
  EXPECT_EQ(delivered, 2);
}

TEST(EventBus, UnsubscribesWhenTheSubscriptionGoes) {
  auto bus = events::make_in_process_bus();
  int delivered = 0;
  auto sub = bus->subscribe("t", [&](const events::Event&) { ++delivered; });
  bus->publish("t", "x", "{}");
  sub.reset();
  bus->publish("t", "x", "{}");
  EXPECT_EQ(delivered, 1);
  // A subscription that outlives its bus is harmless.
  auto late = bus->subscribe("t", [](const events::Event&) {});
  bus.reset();
  late.reset();
}

TEST(EventBus, CallbacksMayUseTheBus) {
  auto bus = events::make_in_process_bus();
  std::unique_ptr<events::Subscription> inner;
  int echoes = 0;
  auto outer = bus->subscribe("a", [&](const events::Event&) {
    inner = bus->subscribe("b", [&](const events::Event&) { ++echoes; });
    bus->publish("b", "echo", "{}");
  });
  bus->publish("a", "x", "{}");
  EXPECT_EQ(echoes, 1);
}

TEST(EventBus, ManyThreadsPublishAndSubscribe) {
  auto bus = events::make_in_process_bus();
  std::atomic<int> delivered{0};
  auto steady = bus->subscribe("t", [&](const events::Event&) { ++delivered; });
  std::atomic<bool> go{true};
  std::thread churn([&] {
    while (go) {
      auto s = bus->subscribe("t", [](const events::Event&) {});
    }
  });
  std::vector<std::thread> publishers;
  for (int i = 0; i < 4; ++i) {
    publishers.emplace_back([&] {
      for (int n = 0; n < 2000; ++n) bus->publish("t", "x", "{}");
    });
  }
  for (auto& t : publishers) t.join();
  go = false;
  churn.join();
  EXPECT_EQ(delivered, 8000);
}
