#pragma once
// The Redis client for what the platform can afford to lose or rebuild: the session revocation
// cache, rate-limit counters, caches, and PUBLISH for events across services (see Subscriber for
// the receiving side).
//
// Thread-safe. Commands run on a small pool of connections, each opened with a connect timeout,
// AUTH and SELECT, and each command bounded by a command timeout. Commands are always sent as an
// argument vector, never formatted into a command string, so keys and values are binary-safe and
// cannot inject commands.
//
// When Redis cannot be reached or a connection breaks, the connection is discarded and the call
// throws Error(unavailable, "Redis is unreachable ...") within the timeouts. After a failure, calls
// fail at once for `retry_after_failure` (so a down Redis does not cost every request a connect
// timeout); then one call tries to reconnect and, when it succeeds, everything works again.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/module.hpp"
#include "redis/reply.hpp"
#include "redis/url.hpp"

namespace authorworks::redis {

struct ClientOptions {
  std::size_t pool_size = 8;
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds command_timeout{1000};
  std::chrono::milliseconds retry_after_failure{1000};
};

// A fixed-window counter after incr_with_expiry.
struct WindowCount {
  std::int64_t count = 0;
  std::chrono::milliseconds expires_in{0};  // until the window closes and the count starts again
};

class Client {
 public:
  explicit Client(Url url, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Runs one command, e.g. {"HSET", key, field, value}. An error reply from Redis comes back as a
  // Reply of type error; only an unreachable Redis (or a wrong password) throws, with
  // Error(unavailable). An empty `args` throws Error(internal).
  Reply command(const std::vector<std::string>& args);

  // The conveniences throw Error(internal) on an unexpected reply (WRONGTYPE, ...) and
  // Error(unavailable) when Redis is unreachable, busy loading, or out of memory.
  std::optional<std::string> get(std::string_view key);
  void set(std::string_view key, std::string_view value);
  void set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl);  // ttl >= 1 ms
  // SET key value NX PX ttl: true when the key was set, false when it already existed.
  bool setnx_ex(std::string_view key, std::string_view value, std::chrono::milliseconds ttl);
  std::int64_t del(std::string_view key);                  // 1 when removed, 0 when absent
  std::int64_t del(const std::vector<std::string>& keys);  // how many were removed
  bool exists(std::string_view key);
  // Atomically counts one more hit in a fixed window that starts with the first hit and lasts
  // `window` (a Lua script: INCR, and PEXPIRE when the key is new or has no expiry).
  WindowCount incr_with_expiry(std::string_view key, std::chrono::milliseconds window);
  // How many subscribers received the message.
  std::int64_t publish(std::string_view channel, std::string_view message);

  // PING, for /ready: ok with "PONG" when Redis answers, not ok with the reason otherwise.
  ReadinessCheck check();

  const Url& url() const noexcept;
  const ClientOptions& options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace authorworks::redis
