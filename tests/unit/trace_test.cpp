#include <gtest/gtest.h>

#include <set>

#include "http/headers.hpp"
#include "http/trace.hpp"

using authorworks::http::Headers;
using authorworks::http::random_hex;
using authorworks::http::trace_id_for;

namespace {

Headers headers(std::initializer_list<std::pair<const char*, std::string>> entries) {
  Headers h;
  for (const auto& [k, v] : entries) h.add(k, v);
  return h;
}

bool is_generated(const std::string& id) {
  return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

constexpr const char* kTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

}  // namespace

TEST(Trace, TakesTheTraceIdOfAValidTraceparent) {
  const auto id = trace_id_for(headers({{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}));
  EXPECT_EQ(id, kTraceId);
}

TEST(Trace, TraceparentBeatsRequestId) {
  const auto id = trace_id_for(
      headers({{"X-Request-Id", "abc"}, {"Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}));
  EXPECT_EQ(id, kTraceId);
}

TEST(Trace, InvalidTraceparentFallsBack) {
  for (const std::string bad : {
           "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  // upper case
           "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // all zero
           "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",   // short
           "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",  // separators
           "00-4bf92f3577b34da6a3ce929d0e0e47zz-00f067aa0ba902b7-01",  // not hex
           "",
       }) {
    EXPECT_EQ(trace_id_for(headers({{"traceparent", bad}, {"X-Request-Id", "fallback-1"}})), "fallback-1") << bad;
  }
}

TEST(Trace, AcceptsASaneRequestId) {
  EXPECT_EQ(trace_id_for(headers({{"X-Request-Id", "req-123_ABC.xyz"}})), "req-123_ABC.xyz");
  EXPECT_EQ(trace_id_for(headers({{"x-request-id", std::string(128, 'a')}})), std::string(128, 'a'));
}

TEST(Trace, SanitisesTheRequestId) {
  for (const std::string& bad : {std::string(129, 'a'), std::string("has space"), std::string("quote\"d"),
                                 std::string("back\\slash"), std::string("new\nline"), std::string("tab\t"),
                                 std::string("del\x7f"), std::string("utf8-\xC3\xA9"), std::string("")}) {
    const auto id = trace_id_for(headers({{"X-Request-Id", bad}}));
    EXPECT_NE(id, bad);
    EXPECT_TRUE(is_generated(id)) << id;
  }
}

TEST(Trace, GeneratesAnIdWhenNothingIsSent) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    const auto id = trace_id_for(Headers{});
    EXPECT_TRUE(is_generated(id)) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100U);
}

TEST(Trace, RandomHexLength) {
  EXPECT_EQ(random_hex(0), "");
  for (const std::size_t n : {1UL, 7UL, 8UL, 9UL, 16UL, 33UL}) {
    const auto h = random_hex(n);
    EXPECT_EQ(h.size(), n * 2);
    EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  }
}
