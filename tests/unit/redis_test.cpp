// The Redis client and subscriber against a real redis-server started on a free loopback port.
// Tests that need the server skip when /usr/bin/redis-server is missing.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "redis/client.hpp"
#include "redis/subscriber.hpp"
#include "redis/url.hpp"
#include "redis_server.hpp"

using namespace std::chrono_literals;
using authorworks::ConfigError;
using authorworks::Error;
using authorworks::ErrorCode;
using authorworks::redis::Client;
using authorworks::redis::ClientOptions;
using authorworks::redis::Reply;
using authorworks::redis::Subscriber;
using authorworks::redis::SubscriberOptions;
using authorworks::redis::Url;
using Clock = std::chrono::steady_clock;
using authorworks::test_support::eventually;
using authorworks::test_support::free_port;
using authorworks::test_support::kRedisServer;
using authorworks::test_support::port_open;
using authorworks::test_support::RedisServer;

namespace {

class RedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kRedisServer, X_OK) != 0) GTEST_SKIP() << kRedisServer << " is not installed";
  }
};

// Collects what a Subscriber reports, for assertions from the test thread.
struct Inbox {
  std::mutex mutex;
  std::vector<Subscriber::Message> messages;
  std::vector<Subscriber::State> states;
  std::vector<std::string> details;

  Subscriber::MessageHandler on_message() {
    return [this](const Subscriber::Message& m) {
      std::lock_guard lock(mutex);
      messages.push_back(m);
    };
  }
  Subscriber::StateHandler on_state() {
    return [this](Subscriber::State s, const std::string& detail) {
      std::lock_guard lock(mutex);
      states.push_back(s);
      details.push_back(detail);
    };
  }
  std::size_t message_count() {
    std::lock_guard lock(mutex);
    return messages.size();
  }
  bool has_payload(const std::string& payload) {
    std::lock_guard lock(mutex);
    for (const auto& m : messages) {
      if (m.payload == payload) return true;
    }
    return false;
  }
  std::vector<Subscriber::State> state_log() {
    std::lock_guard lock(mutex);
    return states;
  }
};

// A string literal with its embedded NUL bytes (the terminating one left out).
template <std::size_t N>
std::string bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

template <class F>
ErrorCode error_code_of(F&& f, std::string* detail = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (detail != nullptr) *detail = e.detail();
    return e.code();
  }
  ADD_FAILURE() << "no Error was thrown";
  return ErrorCode::internal;
}

// ---------------------------------------------------------------------------------------------
// URL parsing (no server)

TEST(RedisUrl, HostOnlyUsesDefaults) {
  const auto u = Url::parse("redis://cache");
  EXPECT_EQ(u.host, "cache");
  EXPECT_EQ(u.port, 6379);
  EXPECT_EQ(u.database, 0);
  EXPECT_TRUE(u.username.empty());
  EXPECT_TRUE(u.password.empty());
  EXPECT_EQ(u.endpoint(), "cache:6379/0");
}

TEST(RedisUrl, PasswordPortAndDatabase) {
  const auto u = Url::parse("redis://:s3cret@redis.internal:6380/2");
  EXPECT_EQ(u.host, "redis.internal");
  EXPECT_EQ(u.port, 6380);
  EXPECT_EQ(u.database, 2);
  EXPECT_TRUE(u.username.empty());
  EXPECT_EQ(u.password, "s3cret");
}

TEST(RedisUrl, AclUserAndPercentDecodedPassword) {
  const auto u = Url::parse("redis://app:p%40ss%3Aw%2Frd%25@10.0.0.5:6379/0");
  EXPECT_EQ(u.username, "app");
  EXPECT_EQ(u.password, "p@ss:w/rd%");
  EXPECT_EQ(u.host, "10.0.0.5");
}

TEST(RedisUrl, Ipv6HostAndTrailingSlash) {
  const auto u = Url::parse("redis://[::1]:7000/");
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, 7000);
  EXPECT_EQ(u.database, 0);
  EXPECT_EQ(u.endpoint(), "[::1]:7000/0");
}

TEST(RedisUrl, RejectsBadValuesWithoutEchoingThePassword) {
  const std::vector<std::string> bad{
      "",
      "http://host:6379",
      "rediss://:topsecret@host:6379",
      "redis://",
      "redis://:topsecret@",
      "redis://:topsecret@host:0",
      "redis://:topsecret@host:70000",
      "redis://:topsecret@host:port",
      "redis://:topsecret@host:6379/x",
      "redis://:topsecret@host:6379/-1",
      "redis://:topsecret@host:6379/0/1",
      "redis://:topsecret@host:6379/0?timeout=5",
      "redis://useronly@host:6379",
      "redis://user:@host:6379",
      "redis://:topsecret@ho st:6379",
  };
  for (const auto& text : bad) {
    try {
      Url::parse(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.variable(), "REDIS_URL") << text;
      EXPECT_EQ(std::string(e.what()).find("topsecret"), std::string::npos) << e.what();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Commands

TEST_F(RedisTest, SetGetDelExistsAndExpiry) {
  RedisServer server;
  server.start();
  Client client(Url::parse(server.url()));

  EXPECT_EQ(client.get("missing"), std::nullopt);
  client.set("greeting", "hello");
  EXPECT_EQ(client.get("greeting"), "hello");
  EXPECT_TRUE(client.exists("greeting"));
  EXPECT_EQ(client.del("greeting"), 1);
  EXPECT_EQ(client.del("greeting"), 0);
  EXPECT_FALSE(client.exists("greeting"));

  client.set("a", "1");
  client.set("b", "2");
  EXPECT_EQ(client.del(std::vector<std::string>{"a", "b", "c"}), 2);

  client.set("short", "lived", 150ms);
  EXPECT_TRUE(client.exists("short"));
  EXPECT_TRUE(eventually([&] { return !client.exists("short"); }, 2000ms));
  EXPECT_EQ(client.get("short"), std::nullopt);

  EXPECT_TRUE(client.setnx_ex("lock", "owner-1", 10s));
  EXPECT_FALSE(client.setnx_ex("lock", "owner-2", 10s));
  EXPECT_EQ(client.get("lock"), "owner-1");
  const auto ttl = client.command({"PTTL", "lock"});
  EXPECT_GT(ttl.integer(), 9000);
  EXPECT_LE(ttl.integer(), 10000);

  EXPECT_EQ(error_code_of([&] { client.set("k", "v", 0ms); }), ErrorCode::internal);
}

TEST_F(RedisTest, TypedReplies) {
  RedisServer server;
  server.start();
  Client client(Url::parse(server.url()));

  EXPECT_TRUE(client.command({"PING"}).is_status());
  EXPECT_EQ(client.command({"PING"}).string(), "PONG");
  EXPECT_EQ(client.command({"RPUSH", "list", "x", "y"}).integer(), 2);
  const auto range = client.command({"LRANGE", "list", "0", "-1"});
  ASSERT_TRUE(range.is_array());
  ASSERT_EQ(range.array().size(), 2u);
  EXPECT_EQ(range.array()[1].string(), "y");
  EXPECT_TRUE(client.command({"GET", "nothing"}).is_nil());

  // An error reply is a Reply, not an exception; the conveniences turn it into Error(internal).
  const auto wrong = client.command({"INCR", "list"});
  ASSERT_TRUE(wrong.is_error());
  EXPECT_TRUE(wrong.error().starts_with("WRONGTYPE")) << wrong.error();
  EXPECT_EQ(error_code_of([&] { client.get("list"); }), ErrorCode::internal);
  EXPECT_EQ(error_code_of([&] { wrong.integer(); }), ErrorCode::internal);
  EXPECT_EQ(error_code_of([&] { client.command({}); }), ErrorCode::internal);
}

TEST_F(RedisTest, ValuesAndKeysAreBinarySafe) {
  RedisServer server;
  server.start();
  Client client(Url::parse(server.url()));

  const std::string key = bytes("key\0with\r\nodd bytes");
  const std::string value = bytes("a\0b\r\n*3\r\n$3\r\nDEL\r\n\xff\x00");
  client.set(key, value);
  const auto back = client.get(key);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, value);
  EXPECT_EQ(back->size(), 20u);
  EXPECT_EQ(key.size(), 19u);
  EXPECT_FALSE(client.exists("key"));  // the key was not cut at its NUL byte

  std::string large(1 << 20, '\0');
  for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>(i * 7);
  client.set("large", large);
  EXPECT_EQ(client.get("large"), large);
}

TEST_F(RedisTest, IncrWithExpiryCountsAtomicallyAcrossThreads) {
  RedisServer server;
  server.start();
  ClientOptions options;
  options.pool_size = 4;
  Client client(Url::parse(server.url()), options);

  constexpr int kThreads = 8;
  constexpr int kHits = 50;
  std::mutex mutex;
  std::set<std::int64_t> seen;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kHits; ++i) {
        try {
          const auto c = client.incr_with_expiry("rate:login:1.2.3.4", 60s);
          if (c.expires_in <= 0ms || c.expires_in > 60s) ++failures;
          std::lock_guard lock(mutex);
          seen.insert(c.count);
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(kThreads * kHits));  // every count handed out once
  EXPECT_EQ(*seen.begin(), 1);
  EXPECT_EQ(*seen.rbegin(), kThreads * kHits);

  // The window closes and counting starts again; a key without expiry gets one.
  EXPECT_EQ(client.incr_with_expiry("short-window", 150ms).count, 1);
  EXPECT_EQ(client.incr_with_expiry("short-window", 150ms).count, 2);
  EXPECT_TRUE(eventually([&] { return !client.exists("short-window"); }, 2000ms));
  EXPECT_EQ(client.incr_with_expiry("short-window", 150ms).count, 1);
  client.set("no-expiry", "41");
  const auto c = client.incr_with_expiry("no-expiry", 5s);
  EXPECT_EQ(c.count, 42);
  EXPECT_GT(c.expires_in, 0ms);
  EXPECT_GT(client.command({"PTTL", "no-expiry"}).integer(), 0);
}

// ---------------------------------------------------------------------------------------------
// AUTH

TEST_F(RedisTest, AuthWithTheRightPassword) {
  RedisServer server("pa:ss@word");
  server.start();
  Client client(Url::parse(server.url(":pa%3Ass%40word") + "/3"));
  client.set("k", "v");
  EXPECT_EQ(client.get("k"), "v");
  EXPECT_TRUE(client.check().ok);
  // SELECT 3 happened: database 0 does not have the key.
  Client db0(Url::parse(server.url(":pa%3Ass%40word")));
  EXPECT_EQ(db0.get("k"), std::nullopt);
  // The same password through the ACL form, as the default user.
  Client acl(Url::parse(server.url("default:pa%3Ass%40word") + "/3"));
  EXPECT_EQ(acl.get("k"), "v");
}

TEST_F(RedisTest, WrongOrMissingPasswordIsUnavailableNamingAuthentication) {
  RedisServer server("right");
  server.start();

  Client wrong(Url::parse(server.url(":wrong")));
  std::string detail;
  EXPECT_EQ(error_code_of([&] { wrong.get("k"); }, &detail), ErrorCode::unavailable);
  EXPECT_NE(detail.find("authentication"), std::string::npos) << detail;
  EXPECT_EQ(detail.find("wrong"), std::string::npos) << "the password leaked: " << detail;
  const auto check = wrong.check();
  EXPECT_FALSE(check.ok);
  EXPECT_NE(check.detail.find("authentication"), std::string::npos) << check.detail;

  Client missing(Url::parse(server.url()));
  EXPECT_EQ(error_code_of([&] { missing.set("k", "v"); }, &detail), ErrorCode::unavailable);
  EXPECT_NE(detail.find("authentication"), std::string::npos) << detail;

  Inbox inbox;
  Subscriber subscriber(Url::parse(server.url(":wrong")), inbox.on_message(), inbox.on_state());
  subscriber.subscribe("events");
  subscriber.start();
  ASSERT_TRUE(eventually([&] { return !inbox.state_log().empty(); }, 3000ms));
  EXPECT_EQ(inbox.state_log().front(), Subscriber::State::disconnected);
  EXPECT_FALSE(subscriber.connected());
  EXPECT_NE(subscriber.check().detail.find("authentication"), std::string::npos) << subscriber.check().detail;
}

// ---------------------------------------------------------------------------------------------
// Pub/sub

TEST_F(RedisTest, PublishReachesSubscriber) {
  RedisServer server("pw");
  server.start();
  Client publisher(Url::parse(server.url(":pw")));
  Inbox inbox;
  Subscriber subscriber(Url::parse(server.url(":pw")), inbox.on_message(), inbox.on_state());
  subscriber.subscribe("events.user");
  subscriber.psubscribe("events.book.*");
  subscriber.start();
  ASSERT_TRUE(eventually([&] { return subscriber.connected(); }, 3000ms));
  EXPECT_TRUE(subscriber.check().ok);

  EXPECT_EQ(publisher.publish("events.user", "user 1 signed out"), 1);
  EXPECT_EQ(publisher.publish("events.book.42", bytes("bin\0ary\r\n")), 1);
  EXPECT_EQ(publisher.publish("events.other", "nobody listens"), 0);
  ASSERT_TRUE(eventually([&] { return inbox.message_count() >= 2; }, 3000ms));
  {
    std::lock_guard lock(inbox.mutex);
    ASSERT_EQ(inbox.messages.size(), 2u);
    EXPECT_EQ(inbox.messages[0].channel, "events.user");
    EXPECT_EQ(inbox.messages[0].payload, "user 1 signed out");
    EXPECT_TRUE(inbox.messages[0].pattern.empty());
    EXPECT_EQ(inbox.messages[1].channel, "events.book.42");
    EXPECT_EQ(inbox.messages[1].payload, bytes("bin\0ary\r\n"));
    EXPECT_EQ(inbox.messages[1].pattern, "events.book.*");
  }

  // Subscribing later, from this thread, while the subscriber is running.
  subscriber.subscribe("late");
  ASSERT_TRUE(eventually([&] { return publisher.publish("late", "hello late") == 1; }, 3000ms));
  ASSERT_TRUE(eventually([&] { return inbox.has_payload("hello late"); }, 3000ms));

  subscriber.unsubscribe("events.user");
  subscriber.punsubscribe("events.book.*");
  EXPECT_TRUE(eventually([&] { return publisher.publish("events.user", "x") == 0; }, 3000ms));
  EXPECT_TRUE(eventually([&] { return publisher.publish("events.book.1", "x") == 0; }, 3000ms));

  const auto started = Clock::now();
  subscriber.stop();
  EXPECT_LT(Clock::now() - started, 500ms);
  EXPECT_FALSE(subscriber.connected());
  EXPECT_EQ(inbox.state_log(), std::vector<Subscriber::State>{Subscriber::State::connected});
}

// ---------------------------------------------------------------------------------------------
// Outages

TEST_F(RedisTest, UnreachableRedisFailsPromptlyThenFastThenReconnects) {
  RedisServer server;  // not started yet: nothing listens on its port
  ClientOptions options;
  options.retry_after_failure = 300ms;
  Client client(Url::parse(server.url()), options);

  std::string detail;
  auto started = Clock::now();
  EXPECT_EQ(error_code_of([&] { client.get("k"); }, &detail), ErrorCode::unavailable);
  EXPECT_LT(Clock::now() - started, 1500ms);
  EXPECT_TRUE(detail.starts_with("Redis is unreachable")) << detail;
  // Within the back-off the call does not even try.
  started = Clock::now();
  EXPECT_EQ(error_code_of([&] { client.get("k"); }, &detail), ErrorCode::unavailable);
  EXPECT_LT(Clock::now() - started, 100ms);
  EXPECT_NE(detail.find("next attempt"), std::string::npos) << detail;
  EXPECT_FALSE(client.check().ok);

  // A subscriber waiting to reconnect stops at once.
  Subscriber subscriber(Url::parse(server.url()), [](const Subscriber::Message&) {});
  subscriber.start();
  std::this_thread::sleep_for(50ms);
  started = Clock::now();
  subscriber.stop();
  EXPECT_LT(Clock::now() - started, 500ms);

  // Redis appears: after the back-off the client connects by itself.
  server.start();
  EXPECT_TRUE(eventually(
      [&] {
        try {
          return client.get("k") == std::nullopt;
        } catch (const Error&) {
          return false;
        }
      },
      2000ms));
  EXPECT_TRUE(client.check().ok);
}

TEST_F(RedisTest, CommandTimeoutBreaksTheConnectionAndRecovers) {
  RedisServer server;
  server.start();
  ClientOptions options;
  options.command_timeout = 300ms;
  options.retry_after_failure = 200ms;
  Client client(Url::parse(server.url()), options);
  client.set("k", "v");

  std::string detail;
  const auto started = Clock::now();
  EXPECT_EQ(error_code_of([&] { client.command({"BLPOP", "empty-list", "2"}); }, &detail), ErrorCode::unavailable);
  EXPECT_LT(Clock::now() - started, 1000ms);
  EXPECT_NE(detail.find("no answer within 300 ms"), std::string::npos) << detail;
  EXPECT_TRUE(eventually(
      [&] {
        try {
          return client.get("k") == "v";
        } catch (const Error&) {
          return false;
        }
      },
      2000ms));
}

TEST_F(RedisTest, SurvivesRedisBeingKilledAndRestarted) {
  RedisServer server;
  server.start();
  Client client(Url::parse(server.url()));
  Inbox inbox;
  SubscriberOptions sub_options;
  Subscriber subscriber(Url::parse(server.url()), inbox.on_message(), inbox.on_state(), sub_options);
  subscriber.subscribe("events");
  subscriber.start();
  ASSERT_TRUE(eventually([&] { return subscriber.connected(); }, 3000ms));
  client.set("before", "1");
  ASSERT_EQ(client.publish("events", "first"), 1);
  ASSERT_TRUE(eventually([&] { return inbox.has_payload("first"); }));

  // Several pooled connections are open and idle when Redis dies.
  std::vector<std::thread> warm;
  for (int i = 0; i < 4; ++i) warm.emplace_back([&] { client.get("before"); });
  for (auto& t : warm) t.join();

  server.kill();
  auto started = Clock::now();
  EXPECT_EQ(error_code_of([&] { client.get("before"); }), ErrorCode::unavailable);
  EXPECT_LT(Clock::now() - started, 1500ms);
  started = Clock::now();
  EXPECT_EQ(error_code_of([&] { client.set("during", "x"); }), ErrorCode::unavailable);
  EXPECT_LT(Clock::now() - started, 1500ms);
  const auto check = client.check();
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.name, "redis");
  EXPECT_NE(check.detail.find("unreachable"), std::string::npos) << check.detail;
  ASSERT_TRUE(eventually([&] { return !subscriber.connected(); }, 2000ms));

  server.start();  // same port, empty data
  EXPECT_TRUE(eventually(
      [&] {
        try {
          client.set("after", "2");
          return true;
        } catch (const Error&) {
          return false;
        }
      },
      4000ms));
  EXPECT_EQ(client.get("after"), "2");
  EXPECT_TRUE(client.check().ok);

  ASSERT_TRUE(eventually([&] { return subscriber.connected(); }, 6000ms));
  EXPECT_EQ(client.publish("events", "second"), 1);  // re-subscribed before reporting connected
  ASSERT_TRUE(eventually([&] { return inbox.has_payload("second"); }));
  const auto states = inbox.state_log();
  const std::vector<Subscriber::State> expected{Subscriber::State::connected, Subscriber::State::disconnected,
                                                Subscriber::State::connected};
  EXPECT_EQ(states, expected);
  subscriber.stop();
}

}  // namespace
