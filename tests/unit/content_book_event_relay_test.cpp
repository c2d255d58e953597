#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "modules/content/book_event_relay.hpp"

using authorworks::content::BookEventRelay;
using authorworks::events::Event;

namespace {

Event event(std::string type, std::string json) {
  return {"book:1", std::move(type), std::make_shared<const std::string>(std::move(json))};
}

std::shared_ptr<const std::string> text(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

struct Client {
  std::vector<std::string> types;
  std::vector<std::string> payloads;
  int ends = 0;
  bool gone = false;

  BookEventRelay relay(bool end_after_terminal = true) {
    return BookEventRelay(
        [this](std::string_view type, const std::shared_ptr<const std::string>& json) {
          if (gone) return false;
          types.emplace_back(type);
          payloads.push_back(*json);
          return true;
        },
        end_after_terminal ? BookEventRelay::End([this] { ++ends; }) : BookEventRelay::End());
  }
};

}  // namespace

TEST(BookEventRelay, TheStatusGoesFirstThenWhatArrivedBeforeIt) {
  Client client;
  auto relay = client.relay();
  relay.on_event(event("stage", "s1"));
  relay.on_event(event("progress", "p1"));
  EXPECT_TRUE(client.types.empty()) << "nothing may reach the client before the status";
  relay.start(text("status"), false);
  relay.on_event(event("text", "t1"));
  EXPECT_EQ(client.types, (std::vector<std::string>{"status", "stage", "progress", "text"}));
  EXPECT_EQ(client.payloads, (std::vector<std::string>{"status", "s1", "p1", "t1"}));
  EXPECT_EQ(client.ends, 0);
}

TEST(BookEventRelay, ATerminalEventEndsIt) {
  for (const std::string terminal : {"completed", "failed", "cancelled"}) {
    Client client;
    auto relay = client.relay();
    relay.start(text("status"), false);
    relay.on_event(event("scene", "x"));
    relay.on_event(event(terminal, "done"));
    relay.on_event(event("progress", "too late"));
    EXPECT_EQ(client.types, (std::vector<std::string>{"status", "scene", terminal}));
    EXPECT_EQ(client.ends, 1) << terminal;
    EXPECT_TRUE(relay.ended());
  }
}

TEST(BookEventRelay, ATerminalEventHeldBeforeTheStatusEndsItAfterTheStatus) {
  Client client;
  auto relay = client.relay();
  relay.on_event(event("completed", "done"));
  relay.on_event(event("progress", "never"));
  relay.start(text("status"), false);
  EXPECT_EQ(client.types, (std::vector<std::string>{"status", "completed"}));
  EXPECT_EQ(client.ends, 1);
}

TEST(BookEventRelay, ATerminalStatusEndsItAtOnce) {
  Client client;
  auto relay = client.relay();
  relay.on_event(event("progress", "stale"));
  relay.start(text("completed status"), true);
  relay.on_event(event("progress", "later"));
  EXPECT_EQ(client.types, (std::vector<std::string>{"status"}));
  EXPECT_EQ(client.ends, 1);
}

TEST(BookEventRelay, WithoutAnEndItKeepsGoingPastTerminalEvents) {
  Client client;
  auto relay = client.relay(false);
  relay.start(text("completed status"), true);
  relay.on_event(event("cancelled", "c"));
  relay.on_event(event("stage", "resumed"));
  EXPECT_EQ(client.types, (std::vector<std::string>{"status", "cancelled", "stage"}));
  EXPECT_FALSE(relay.ended());
}

TEST(BookEventRelay, AClientThatLeftGetsNothingMoreAndIsNotEnded) {
  Client client;
  auto relay = client.relay();
  relay.start(text("status"), false);
  client.gone = true;
  relay.on_event(event("progress", "p"));
  client.gone = false;
  relay.on_event(event("completed", "c"));
  EXPECT_EQ(client.types, (std::vector<std::string>{"status"}));
  EXPECT_EQ(client.ends, 0);
  EXPECT_TRUE(relay.ended());
}

TEST(BookEventRelay, HeldEventsAreBounded) {
  Client client;
  auto relay = client.relay();
  for (std::size_t i = 0; i < BookEventRelay::kMaxPending + 10; ++i) relay.on_event(event("text", "t"));
  relay.start(text("status"), false);
  EXPECT_EQ(client.types.size(), BookEventRelay::kMaxPending + 1);
}

TEST(BookEventRelay, EventsFromManyThreadsArriveWholeAndAfterTheStatus) {
  Client client;
  auto relay = client.relay();
  std::vector<std::thread> publishers;
  for (int t = 0; t < 4; ++t) {
    publishers.emplace_back([&relay, t] {
      for (int i = 0; i < 500; ++i) relay.on_event(event("progress", std::to_string(t) + ":" + std::to_string(i)));
    });
  }
  relay.start(text("status"), false);
  for (auto& p : publishers) p.join();
  ASSERT_EQ(client.types.size(), 2001u);
  EXPECT_EQ(client.types.front(), "status");
  // Each publisher's events keep their order.
  std::vector<int> next(4, 0);
  for (std::size_t i = 1; i < client.payloads.size(); ++i) {
    const auto& p = client.payloads[i];
    const int t = p[0] - '0';
    EXPECT_EQ(std::stoi(p.substr(2)), next[t]++) << p;
  }
}
