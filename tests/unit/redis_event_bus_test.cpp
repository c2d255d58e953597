// RedisEventBus against a real redis-server: delivery across processes (two buses, as two services
// would have), echo suppression, local delivery while Redis is down or hung, drops counted when the
// queue is full, and events flowing again after Redis comes back.
#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "events/redis_bus.hpp"
#include "redis/client.hpp"
#include "redis_server.hpp"

using namespace std::chrono_literals;
using authorworks::events::BusState;
using authorworks::events::Event;
using authorworks::events::kBusStateTopic;
using authorworks::events::RedisBusOptions;
using authorworks::events::RedisEventBus;
using authorworks::redis::Client;
using authorworks::redis::Url;
using authorworks::test_support::eventually;
using authorworks::test_support::kRedisServer;
using authorworks::test_support::RedisServer;

namespace {

// What a subscriber heard, for assertions from the test thread.
class Heard {
 public:
  std::function<void(const Event&)> callback() {
    return [this](const Event& e) {
      std::lock_guard lock(mutex_);
      events_.push_back(e.type + " " + *e.json);
    };
  }
  std::vector<std::string> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::size_t size() const { return events().size(); }
  bool has(const std::string& entry) const {
    const auto all = events();
    return std::find(all.begin(), all.end(), entry) != all.end();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> events_;
};

RedisBusOptions fast_options() {
  RedisBusOptions options;
  options.subscriber.initial_backoff = 50ms;
  options.subscriber.max_backoff = 200ms;
  return options;
}

// One "service": its own client and bus, as a separate process would have.
struct Service {
  explicit Service(const RedisServer& server, RedisBusOptions options = fast_options())
      : client(std::make_shared<Client>(Url::parse(server.url()))),
        bus(std::make_shared<RedisEventBus>(client, options)) {
    bus->start();
  }
  ~Service() { bus->stop(); }
  bool connected() const { return bus->state().connected; }

  std::shared_ptr<Client> client;
  std::shared_ptr<RedisEventBus> bus;
};

class RedisEventBusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kRedisServer, X_OK) != 0) GTEST_SKIP() << kRedisServer << " is not installed";
    server.start();
  }
  RedisServer server;
};

TEST_F(RedisEventBusTest, DeliversAcrossProcessesAndIgnoresItsOwnEcho) {
  Service content(server), messaging(server);
  Heard at_content, at_messaging, elsewhere;
  auto a = content.bus->subscribe("user:1", at_content.callback());
  auto b = messaging.bus->subscribe("user:1", at_messaging.callback());
  auto c = messaging.bus->subscribe("user:2", elsewhere.callback());
  ASSERT_TRUE(eventually([&] { return content.connected() && messaging.connected(); }, 3000ms));
  EXPECT_EQ(content.bus->state().mode, "redis");

  // The subscriber is connected once its subscriptions are confirmed, so nothing published now is lost.
  for (int i = 0; i < 20; ++i) content.bus->publish("user:1", "progress", R"({"n":)" + std::to_string(i) + "}");
  content.bus->publish("user:1", "completed", R"({"type":"completed","note":"a\nb"})");
  ASSERT_TRUE(eventually([&] { return at_messaging.size() == 21; })) << at_messaging.size();
  EXPECT_EQ(at_messaging.events().front(), R"(progress {"n":0})");
  EXPECT_EQ(at_messaging.events().back(), "completed {\"type\":\"completed\",\"note\":\"a\\nb\"}");
  // The publisher heard each event once, at once; its own copies from Redis were ignored.
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(at_content.size(), 21u);
  EXPECT_EQ(elsewhere.size(), 0u);

  // And the other way round.
  messaging.bus->publish("user:1", "notification", R"({"id":"n1"})");
  ASSERT_TRUE(eventually([&] { return at_content.has(R"(notification {"id":"n1"})"); }));
  EXPECT_EQ(content.bus->dropped(), 0u);
  EXPECT_NE(content.bus->origin(), messaging.bus->origin());
}

TEST_F(RedisEventBusTest, OnlyTopicsWithLocalSubscribersAreReceived) {
  Service publisher(server), listener(server);
  Heard heard;
  {
    auto gone = listener.bus->subscribe("book:1", heard.callback());
    ASSERT_TRUE(eventually([&] { return listener.connected(); }, 3000ms));
  }
  auto kept = listener.bus->subscribe("book:2", heard.callback());
  // PUBSUB NUMSUB says which channels the listener holds once it has caught up.
  ASSERT_TRUE(eventually([&] {
    auto reply =
        publisher.client->command({"PUBSUB", "NUMSUB", "authorworks:events:book:1", "authorworks:events:book:2"});
    return reply.array().size() == 4 && reply.array()[1].integer() == 0 && reply.array()[3].integer() == 1;
  }));
  publisher.bus->publish("book:1", "text", "{}");
  publisher.bus->publish("book:2", "text", R"({"b":2})");
  ASSERT_TRUE(eventually([&] { return heard.size() == 1; }));
  EXPECT_EQ(heard.events(), std::vector<std::string>{R"(text {"b":2})"});
}

TEST_F(RedisEventBusTest, RedisDownKeepsLocalDeliveryThenEventsFlowAgain) {
  Service content(server), messaging(server);
  Heard local, remote, content_state, messaging_state;
  auto a = content.bus->subscribe("book:9", local.callback());
  auto b = messaging.bus->subscribe("book:9", remote.callback());
  auto sa = content.bus->subscribe(std::string(kBusStateTopic), content_state.callback());
  auto sb = messaging.bus->subscribe(std::string(kBusStateTopic), messaging_state.callback());
  ASSERT_TRUE(eventually([&] { return content.connected() && messaging.connected(); }, 3000ms));
  EXPECT_EQ(content.bus->check().name, "redis-events");
  EXPECT_TRUE(content.bus->check().ok);

  server.kill();
  ASSERT_TRUE(eventually([&] { return !content.connected() && !messaging.connected(); }, 3000ms));
  const BusState degraded = content.bus->state();
  EXPECT_NE(degraded.detail.find("unreachable"), std::string::npos) << degraded.detail;
  EXPECT_FALSE(content.bus->check().ok);
  ASSERT_TRUE(eventually([&] { return content_state.size() == 1; }));
  EXPECT_TRUE(content_state.events()[0].starts_with(R"(degraded {"type":"degraded","reason":")"))
      << content_state.events()[0];

  // Publishing never waits for the dead Redis, and local subscribers still hear everything at once.
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 500; ++i) content.bus->publish("book:9", "progress", "{}");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
  EXPECT_EQ(local.size(), 500u);
  EXPECT_TRUE(eventually([&] { return content.bus->dropped() == 500; }, 5000ms)) << content.bus->dropped();

  // The same port again: both buses reconnect and re-subscribe by themselves.
  server.start();
  ASSERT_TRUE(eventually([&] { return content.connected() && messaging.connected(); }, 5000ms));
  ASSERT_TRUE(eventually([&] { return content_state.size() == 2 && messaging_state.size() == 2; }));
  EXPECT_EQ(content_state.events()[1], R"(restored {"type":"restored"})");
  EXPECT_EQ(remote.size(), 0u);
  // The publisher's pooled connections were broken by the restart; the client reconnects after
  // its pause, so the first events after the restore may still be dropped.
  ASSERT_TRUE(eventually(
      [&] {
        content.bus->publish("book:9", "completed", R"({"after":"restart"})");
        return remote.has(R"(completed {"after":"restart"})");
      },
      5000ms));
}

// What /ws relies on to send its hello: once when_subscribed has answered, an event published by
// another process is never missed. Each round is a new topic (a fresh SUBSCRIBE racing the publish),
// and every other round the topic is left and joined again at once (an UNSUBSCRIBE on the way).
TEST_F(RedisEventBusTest, AnEventPublishedOnceTheSubscriptionIsConfirmedArrives) {
  Service publisher(server), listener(server);
  ASSERT_TRUE(eventually([&] { return publisher.connected() && listener.connected(); }, 3000ms));
  for (int round = 0; round < 40; ++round) {
    const auto topic = "user:race-" + std::to_string(round);
    Heard heard;
    auto subscription = listener.bus->subscribe(topic, heard.callback());
    if (round % 2 == 1) {
      auto settled = std::make_shared<std::promise<void>>();
      listener.bus->when_subscribed(topic, [settled] { settled->set_value(); });
      ASSERT_EQ(settled->get_future().wait_for(3s), std::future_status::ready);
      subscription.reset();
      subscription = listener.bus->subscribe(topic, heard.callback());
    }
    auto confirmed = std::make_shared<std::promise<void>>();
    listener.bus->when_subscribed(topic, [confirmed] { confirmed->set_value(); });
    ASSERT_EQ(confirmed->get_future().wait_for(3s), std::future_status::ready) << topic;
    publisher.bus->publish(topic, "notification", R"({"round":)" + std::to_string(round) + "}");
    ASSERT_TRUE(eventually([&] { return heard.size() == 1; }, 3000ms)) << "missed on " << topic;
  }
}

TEST_F(RedisEventBusTest, WhileRedisIsDownNobodyWaitsForASubscription) {
  Service listener(server);
  ASSERT_TRUE(eventually([&] { return listener.connected(); }, 3000ms));
  server.kill();
  ASSERT_TRUE(eventually([&] { return !listener.connected(); }, 3000ms));
  Heard heard;
  auto subscription = listener.bus->subscribe("user:down", heard.callback());
  bool called = false;
  listener.bus->when_subscribed("user:down", [&called] { called = true; });
  EXPECT_TRUE(called);  // at once: only local events can arrive, and the bus state says so
}

TEST_F(RedisEventBusTest, AHungRedisFillsTheQueueAndDropsAreCounted) {
  auto options = fast_options();
  options.publish_queue_limit = 10;
  Service content(server, options);
  Heard local;
  auto a = content.bus->subscribe("book:1", local.callback());
  ASSERT_TRUE(eventually([&] { return content.connected(); }, 3000ms));

  server.pause();
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) content.bus->publish("book:1", "progress", "{}");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
  EXPECT_EQ(local.size(), 100u);
  // The queue holds 10: whatever the publisher could not hand to the hung connection (how many it
  // got into the socket's buffer before it stuck depends on timing) was dropped and counted.
  EXPECT_GT(content.bus->dropped(), 0u);
  EXPECT_LE(content.bus->dropped(), 90u);
  server.resume();
}

}  // namespace
