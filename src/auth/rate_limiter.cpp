#include "auth/rate_limiter.hpp"

#include <algorithm>
#include <stdexcept>

namespace authorworks::auth {

RateLimiter::RateLimiter(RateLimit limit, std::size_t max_keys, std::function<Clock::time_point()> clock)
    : limit_(limit), max_keys_(max_keys), clock_(std::move(clock)) {
  if (limit.max_attempts == 0 || limit.window <= std::chrono::seconds::zero() || max_keys == 0 || !clock_) {
    throw std::invalid_argument("rate limit needs positive attempts, window and key count, and a clock");
  }
}

void RateLimiter::drop_expired(std::vector<Clock::time_point>& attempts, Clock::time_point now) const {
  const auto first_live =
      std::find_if(attempts.begin(), attempts.end(), [&](Clock::time_point t) { return now - t < limit_.window; });
  attempts.erase(attempts.begin(), first_live);
}

// Drops, from the cold end of the LRU list, keys with nothing left in the window: those are
// equivalent to keys never seen.
void RateLimiter::drop_stale(Clock::time_point now) {
  while (!lru_.empty()) {
    const auto it = entries_.find(lru_.front());
    drop_expired(it->second.attempts, now);
    if (!it->second.attempts.empty()) break;
    erase(it);
  }
}

void RateLimiter::erase(Entries::iterator it) {
  const auto position = it->second.lru_position;
  entries_.erase(it);  // before the string its key views
  lru_.erase(position);
}

Decision RateLimiter::check(std::string_view key, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  drop_stale(now);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    // Full of live keys: forget the least recently used one to make room.
    if (entries_.size() >= max_keys_) erase(entries_.find(lru_.front()));
    lru_.emplace_back(key);
    try {
      it = entries_.emplace(std::string_view(lru_.back()), Entry{{}, std::prev(lru_.end())}).first;
    } catch (...) {
      lru_.pop_back();  // no list node without its entry
      throw;
    }
  } else {
    lru_.splice(lru_.end(), lru_, it->second.lru_position);  // now the most recently used
  }
  auto& attempts = it->second.attempts;
  drop_expired(attempts, now);
  if (attempts.size() >= limit_.max_attempts) {
    // Allowed again when the oldest counted attempt leaves the window; rounded up to whole seconds.
    const auto wait = attempts.front() + limit_.window - now;
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
    return {false, std::max(seconds, std::chrono::seconds(1))};
  }
  attempts.push_back(now);
  return {true, std::chrono::seconds(0)};
}

void RateLimiter::reset(std::string_view key) {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it != entries_.end()) erase(it);
}

std::size_t RateLimiter::size() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace authorworks::auth
