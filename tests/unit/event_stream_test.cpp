#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "http/event_stream.hpp"

using authorworks::http::EventStream;
using authorworks::http::format_sse;

TEST(FormatSse, DataOnly) { EXPECT_EQ(format_sse("", "hello"), "data: hello\n\n"); }

TEST(FormatSse, EventAndId) {
  EXPECT_EQ(format_sse("progress", "{\"done\":3}", "17"), "id: 17\nevent: progress\ndata: {\"done\":3}\n\n");
}

TEST(FormatSse, MultiLineDataBecomesSeveralDataLines) {
  EXPECT_EQ(format_sse("chapter", "line one\nline two\n\nline four"),
            "event: chapter\ndata: line one\ndata: line two\ndata: \ndata: line four\n\n");
  EXPECT_EQ(format_sse("", "trailing\n"), "data: trailing\ndata: \n\n");
}

TEST(FormatSse, EmptyData) { EXPECT_EQ(format_sse("ping", ""), "event: ping\ndata: \n\n"); }

TEST(EventStream, PushDrainInOrderAndNotify) {
  EventStream s;
  int notified = 0;
  s.set_notifier([&] { ++notified; });
  EXPECT_TRUE(s.push("a"));
  EXPECT_TRUE(s.push_event("e", "b", "1"));
  EXPECT_EQ(notified, 2);
  auto d = s.drain();
  EXPECT_EQ(d.chunks, (std::vector<std::string>{"a", "id: 1\nevent: e\ndata: b\n\n"}));
  EXPECT_FALSE(d.finished);
  EXPECT_TRUE(s.drain().chunks.empty());
}

TEST(EventStream, FinishEndsAfterWhatIsQueued) {
  EventStream s;
  int notified = 0;
  int closed = 0;
  s.set_notifier([&] { ++notified; });
  s.on_close([&] { ++closed; });
  EXPECT_TRUE(s.push("last"));
  s.finish();
  EXPECT_EQ(notified, 2);
  EXPECT_FALSE(s.push("too late"));
  auto d = s.drain();
  EXPECT_EQ(d.chunks, (std::vector<std::string>{"last"}));
  EXPECT_TRUE(d.finished);
  // Finishing is not closing: on_close runs when the server lets go of the stream.
  EXPECT_EQ(closed, 0);
  EXPECT_FALSE(s.is_closed());
  s.close();
  EXPECT_EQ(closed, 1);
  EXPECT_TRUE(s.is_closed());
}

TEST(EventStream, QueueBoundClosesTheStreamAndFiresOnCloseOnce) {
  EventStream s(3);
  int closed = 0;
  int notified = 0;
  s.on_close([&] { ++closed; });
  s.set_notifier([&] { ++notified; });
  EXPECT_TRUE(s.push("1"));
  EXPECT_TRUE(s.push("2"));
  EXPECT_TRUE(s.push("3"));
  EXPECT_EQ(closed, 0);
  EXPECT_FALSE(s.push("4"));  // a fourth event would exceed the bound: the client is too slow
  EXPECT_EQ(closed, 1);
  EXPECT_TRUE(s.is_closed());
  EXPECT_EQ(notified, 4);  // the server is woken to end the response
  EXPECT_FALSE(s.push("5"));
  s.close();
  s.finish();
  EXPECT_EQ(closed, 1);
  const auto d = s.drain();
  EXPECT_TRUE(d.chunks.empty());  // what was queued is dropped
  EXPECT_TRUE(d.finished);
}

TEST(EventStream, CloseFiresOnCloseOnceAndRefusesPushes) {
  EventStream s;
  int closed = 0;
  s.on_close([&] { ++closed; });
  s.close();
  s.close();
  EXPECT_EQ(closed, 1);
  EXPECT_FALSE(s.push("x"));
  EXPECT_FALSE(s.push_event("e", "d"));
  EXPECT_TRUE(s.drain().finished);
}

TEST(EventStream, OnCloseAfterCloseRunsAtOnce) {
  EventStream s;
  s.close();
  int closed = 0;
  s.on_close([&] { ++closed; });
  EXPECT_EQ(closed, 1);
}

TEST(EventStream, CloseDropsTheNotifier) {
  EventStream s;
  int notified = 0;
  s.set_notifier([&] { ++notified; });
  s.close();
  s.finish();
  EXPECT_EQ(notified, 0);
}

TEST(EventStream, ConcurrentProducersLoseNothing) {
  EventStream s(100000);
  std::atomic<int> notified{0};
  s.set_notifier([&] { ++notified; });
  std::vector<std::thread> producers;
  for (int t = 0; t < 4; ++t) {
    producers.emplace_back([&s, t] {
      for (int i = 0; i < 1000; ++i) s.push(std::to_string(t) + ":" + std::to_string(i));
    });
  }
  std::size_t drained = 0;
  std::vector<int> last(4, -1);
  bool ordered = true;
  auto consume = [&] {
    for (const auto& c : s.drain().chunks) {
      ++drained;
      const int t = c[0] - '0';
      const int i = std::stoi(c.substr(2));
      ordered = ordered && i == last[static_cast<std::size_t>(t)] + 1;
      last[static_cast<std::size_t>(t)] = i;
    }
  };
  while (drained < 4000 && notified < 4000) consume();
  for (auto& p : producers) p.join();
  consume();
  EXPECT_EQ(drained, 4000U);
  EXPECT_TRUE(ordered);
  EXPECT_EQ(notified.load(), 4000);
}
