#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "auth/rate_limiter.hpp"

namespace auth = authorworks::auth;
using auth::RateLimiter;
using namespace std::chrono_literals;

namespace {

const RateLimiter::Clock::time_point t0 = RateLimiter::Clock::time_point() + 1000h;

}  // namespace

TEST(RateLimiter, LoginLimitsAreTheAgreedOnes) {
  EXPECT_EQ(auth::login_limits::per_client_address.max_attempts, 10u);
  EXPECT_EQ(auth::login_limits::per_client_address.window, 5min);
  EXPECT_EQ(auth::login_limits::per_account.max_attempts, 5u);
  EXPECT_EQ(auth::login_limits::per_account.window, 15min);
}

TEST(RateLimiter, AllowsUpToTheLimitThenRefuses) {
  RateLimiter limiter({3, 60s});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.check("1.2.3.4", t0).allowed) << i;
  const auto refused = limiter.check("1.2.3.4", t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 60s);
  EXPECT_EQ(limiter.check("1.2.3.4", t0 + 10s).retry_after, 50s);
}

TEST(RateLimiter, TheWindowSlides) {
  RateLimiter limiter({3, 60s});
  EXPECT_TRUE(limiter.check("k", t0).allowed);
  EXPECT_TRUE(limiter.check("k", t0 + 20s).allowed);
  EXPECT_TRUE(limiter.check("k", t0 + 40s).allowed);
  EXPECT_EQ(limiter.check("k", t0 + 59s).retry_after, 1s);
  EXPECT_TRUE(limiter.check("k", t0 + 60s).allowed);  // the first attempt has left the window
  const auto refused = limiter.check("k", t0 + 61s);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 19s);  // until the attempt at t0 + 20s leaves
  EXPECT_TRUE(limiter.check("k", t0 + 80s).allowed);
}

TEST(RateLimiter, RefusedAttemptsAreNotCounted) {
  RateLimiter limiter({2, 60s});
  EXPECT_TRUE(limiter.check("k", t0).allowed);
  EXPECT_TRUE(limiter.check("k", t0 + 1s).allowed);
  for (int i = 2; i < 60; ++i) EXPECT_FALSE(limiter.check("k", t0 + std::chrono::seconds(i)).allowed);
  EXPECT_TRUE(limiter.check("k", t0 + 61s).allowed);
}

TEST(RateLimiter, RetryAfterRoundsUpToWholeSeconds) {
  RateLimiter limiter({1, 60s});
  EXPECT_TRUE(limiter.check("k", t0).allowed);
  EXPECT_EQ(limiter.check("k", t0 + 200ms).retry_after, 60s);
  EXPECT_EQ(limiter.check("k", t0 + 59500ms).retry_after, 1s);
  EXPECT_EQ(limiter.check("k", t0 + 59999ms).retry_after, 1s);
}

TEST(RateLimiter, KeysAreIndependent) {
  RateLimiter limiter({1, 60s});
  EXPECT_TRUE(limiter.check("alice@example.com", t0).allowed);
  EXPECT_FALSE(limiter.check("alice@example.com", t0).allowed);
  EXPECT_TRUE(limiter.check("bob@example.com", t0).allowed);
  EXPECT_TRUE(limiter.check("", t0).allowed);
  EXPECT_FALSE(limiter.check("", t0).allowed);
}

TEST(RateLimiter, ResetForgetsAKey) {
  RateLimiter limiter({2, 60s});
  limiter.check("alice", t0);
  limiter.check("alice", t0);
  limiter.check("bob", t0);
  EXPECT_FALSE(limiter.check("alice", t0).allowed);
  limiter.reset("alice");
  limiter.reset("nobody");
  EXPECT_TRUE(limiter.check("alice", t0).allowed);
  EXPECT_TRUE(limiter.check("bob", t0).allowed);
  EXPECT_FALSE(limiter.check("bob", t0).allowed);
}

TEST(RateLimiter, StaleKeysAreDropped) {
  RateLimiter limiter({5, 60s});
  for (int i = 0; i < 100; ++i) limiter.check("client-" + std::to_string(i), t0);
  EXPECT_EQ(limiter.size(), 100u);
  limiter.check("late", t0 + 61s);
  EXPECT_EQ(limiter.size(), 1u);
}

TEST(RateLimiter, MemoryIsBoundedByTheLeastRecentlyUsed) {
  RateLimiter limiter({1, 60s}, 3);
  EXPECT_TRUE(limiter.check("a", t0).allowed);
  EXPECT_TRUE(limiter.check("b", t0).allowed);
  EXPECT_TRUE(limiter.check("c", t0).allowed);
  EXPECT_FALSE(limiter.check("a", t0 + 1s).allowed);  // "a" is now the most recently used
  EXPECT_TRUE(limiter.check("d", t0 + 1s).allowed);   // evicts "b"
  EXPECT_EQ(limiter.size(), 3u);
  EXPECT_FALSE(limiter.check("a", t0 + 2s).allowed);
  EXPECT_FALSE(limiter.check("c", t0 + 2s).allowed);
  EXPECT_FALSE(limiter.check("d", t0 + 2s).allowed);
  EXPECT_TRUE(limiter.check("e", t0 + 3s).allowed);  // evicts "a"
  for (int i = 0; i < 10000; ++i) limiter.check("flood-" + std::to_string(i), t0 + 4s);
  EXPECT_EQ(limiter.size(), 3u);
}

TEST(RateLimiter, UsesTheInjectedClock) {
  auto now = t0;
  RateLimiter limiter({1, 60s}, 10, [&] { return now; });
  EXPECT_TRUE(limiter.check("k").allowed);
  now += 30s;
  EXPECT_EQ(limiter.check("k").retry_after, 30s);
  now += 30s;
  EXPECT_TRUE(limiter.check("k").allowed);
}

TEST(RateLimiter, RefusesLimitsThatAllowNothing) {
  EXPECT_THROW(RateLimiter({0, 60s}), std::invalid_argument);
  EXPECT_THROW(RateLimiter({1, 0s}), std::invalid_argument);
  EXPECT_THROW(RateLimiter({1, 60s}, 0), std::invalid_argument);
  EXPECT_THROW(RateLimiter({1, 60s}, 10, nullptr), std::invalid_argument);
}

TEST(RateLimiter, CountsExactlyUnderConcurrency) {
  RateLimiter limiter({100, 60s}, 50);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        if (limiter.check("shared", t0).allowed) ++allowed;
        limiter.check("own-" + std::to_string(t * 1000 + i), t0);  // churns the key table
      }
    });
  }
  for (auto& th : threads) th.join();
  // The shared key is used by every thread, so it always stays among the 50 most recently used.
  EXPECT_EQ(allowed.load(), 100);
  EXPECT_LE(limiter.size(), 50u);
}
