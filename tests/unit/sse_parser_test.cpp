#include "llm/sse_parser.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace authorworks::llm {
namespace {

std::vector<SseEvent> parse(std::string_view stream, std::size_t piece = 0) {
  SseParser parser;
  std::vector<SseEvent> events;
  const auto collect = [&](const SseEvent& event) { events.push_back(event); };
  if (piece == 0) {
    parser.feed(stream, collect);
  } else {
    for (std::size_t at = 0; at < stream.size(); at += piece) parser.feed(stream.substr(at, piece), collect);
  }
  return events;
}

TEST(SseParser, ReadsEventTypeDataAndId) {
  const auto events = parse("event: message_start\ndata: {\"a\":1}\nid: 7\n\ndata: plain\n\n");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "message_start");
  EXPECT_EQ(events[0].data, "{\"a\":1}");
  EXPECT_EQ(events[0].id, "7");
  EXPECT_EQ(events[1].type, "message");  // the default, not the previous event's type
  EXPECT_EQ(events[1].data, "plain");
  EXPECT_EQ(events[1].id, "7");  // the last id persists
}

TEST(SseParser, JoinsDataLinesWithNewlines) {
  const auto events = parse("data: one\ndata:two\ndata:  three\ndata\n\n");
  ASSERT_EQ(events.size(), 1u);
  // One leading space is removed, no more; a bare "data" line adds an empty line.
  EXPECT_EQ(events[0].data, "one\ntwo\n three\n");
}

TEST(SseParser, AcceptsCrlfLfAndCrLineEnds) {
  for (const std::string_view stream :
       {"event: e\r\ndata: x\r\n\r\n", "event: e\ndata: x\n\n", "event: e\rdata: x\r\r"}) {
    const auto events = parse(stream);
    ASSERT_EQ(events.size(), 1u) << stream;
    EXPECT_EQ(events[0].type, "e");
    EXPECT_EQ(events[0].data, "x");
  }
}

TEST(SseParser, SkipsCommentsAndEventsWithoutData) {
  const auto events = parse(": ping\n\nevent: lonely\n\n:comment\ndata: kept\n\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "message");
  EXPECT_EQ(events[0].data, "kept");
}

TEST(SseParser, IgnoresUnknownFieldsRetryAndIdsWithNul) {
  using namespace std::string_literals;
  const auto events = parse("retry: 10\nfoo: bar\nid: a\0b\ndata: x\n\n"s);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, "");
  EXPECT_EQ(events[0].data, "x");
}

TEST(SseParser, SplitsAnywhereGiveTheSameEvents) {
  const std::string stream =
      "\xEF\xBB\xBF"
      "event: content_block_delta\r\ndata: {\"text\":\"h\xC3\xA9llo\"}\r\n\r\n: keepalive\r\r"
      "data: a\rdata: b\n\nid: 9\nevent: message_stop\ndata: {}\r\n\r\n";
  const auto whole = parse(stream);
  ASSERT_EQ(whole.size(), 3u);
  EXPECT_EQ(whole[0].type, "content_block_delta");  // the byte-order mark is not part of the field name
  EXPECT_EQ(whole[1].data, "a\nb");
  EXPECT_EQ(whole[2].id, "9");
  for (std::size_t piece = 1; piece <= 8; ++piece) {
    const auto split = parse(stream, piece);
    ASSERT_EQ(split.size(), whole.size()) << "piece " << piece;
    for (std::size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(split[i].type, whole[i].type);
      EXPECT_EQ(split[i].data, whole[i].data);
      EXPECT_EQ(split[i].id, whole[i].id);
    }
  }
  // Every two-way split, including between CR and LF.
  for (std::size_t at = 0; at <= stream.size(); ++at) {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed(std::string_view(stream).substr(0, at), [&](const SseEvent& e) { events.push_back(e); });
    parser.feed(std::string_view(stream).substr(at), [&](const SseEvent& e) { events.push_back(e); });
    ASSERT_EQ(events.size(), whole.size()) << "split at " << at;
    EXPECT_EQ(events[1].data, "a\nb");
  }
}

TEST(SseParser, KnowsWhenAnEventIsUnfinished) {
  SseParser parser;
  int events = 0;
  parser.feed("data: half", [&](const SseEvent&) { ++events; });
  EXPECT_TRUE(parser.has_pending());
  parser.feed("\n", [&](const SseEvent&) { ++events; });
  EXPECT_TRUE(parser.has_pending());
  parser.feed("\n", [&](const SseEvent&) { ++events; });
  EXPECT_FALSE(parser.has_pending());
  EXPECT_EQ(events, 1);
}

TEST(SseParser, RefusesAnEventLargerThanTheLimit) {
  SseParser parser(64);
  const auto ignore = [](const SseEvent&) {};
  EXPECT_THROW(parser.feed("data: " + std::string(100, 'x'), ignore), std::length_error);
  SseParser lines(64);
  EXPECT_THROW(
      {
        for (int i = 0; i < 20; ++i) lines.feed("data: 0123456789\n", ignore);
      },
      std::length_error);
}

}  // namespace
}  // namespace authorworks::llm
