#pragma once
// An in-process sliding-window rate limiter: at most `max_attempts` allowed attempts per key in
// any `window`. Keys are whatever is being limited (a client address, an account). Thread-safe,
// and bounded in memory: keys whose attempts have all left the window are dropped, and beyond
// `max_keys` the least recently used key is forgotten.
//
// Each instance limits one process; several replicas each keep their own counts.
#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace authorworks::auth {

struct RateLimit {
  std::size_t max_attempts = 0;
  std::chrono::seconds window{0};
};

// The sign-in limits, all in one place. Check both before verifying a password; after a successful
// sign-in, reset the account's key only (resetting the address would let anyone holding one valid
// account wipe the per-address count it spends guessing others).
namespace login_limits {
inline constexpr RateLimit per_client_address{10, std::chrono::minutes(5)};
inline constexpr RateLimit per_account{5, std::chrono::minutes(15)};
inline constexpr std::size_t max_keys = 100'000;
}  // namespace login_limits

struct Decision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};  // when refused: whole seconds until an attempt is allowed (at least 1)
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // Throws std::invalid_argument unless max_attempts, window and max_keys are all positive.
  // `clock` is what check(key) uses for "now"; tests inject their own.
  explicit RateLimiter(RateLimit limit, std::size_t max_keys = login_limits::max_keys,
                       std::function<Clock::time_point()> clock = Clock::now);

  // Allows the attempt and counts it, or refuses it without counting it.
  Decision check(std::string_view key, Clock::time_point now);
  Decision check(std::string_view key) { return check(key, clock_()); }

  // Forgets every attempt counted for `key`.
  void reset(std::string_view key);

  // How many keys are held now (for tests and metrics).
  std::size_t size() const;

 private:
  using Lru = std::list<std::string>;  // least recently used first

  struct Entry {
    std::vector<Clock::time_point> attempts;  // oldest first, at most max_attempts, all within the window
    Lru::iterator lru_position;
  };

  using Entries = std::unordered_map<std::string_view, Entry>;  // keys view the strings held in lru_

  void drop_expired(std::vector<Clock::time_point>& attempts, Clock::time_point now) const;
  void drop_stale(Clock::time_point now);
  void erase(Entries::iterator it);

  RateLimit limit_;
  std::size_t max_keys_;
  std::function<Clock::time_point()> clock_;
  mutable std::mutex mutex_;
  Lru lru_;
  Entries entries_;
};

}  // namespace authorworks::auth
