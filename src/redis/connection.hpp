#pragma once
// Internal to src/redis: what Client and Subscriber share about hiredis connections. hiredis itself
// is only included by the .cpp files; this header forward-declares its types.
#include <chrono>
#include <csignal>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "redis/reply.hpp"
#include "redis/url.hpp"

struct redisContext;
struct redisReply;

namespace authorworks::redis::detail {

struct ContextDeleter {
  void operator()(redisContext* context) const noexcept;
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

// Copies a hiredis reply (which stays owned by the caller).
Reply convert(const redisReply& reply);

// The hiredis error of a broken context in words ("Connection refused", "timed out after 1000 ms").
std::string context_error(const redisContext& context, std::chrono::milliseconds timeout);

// The pointer/length arrays hiredis' *Argv functions take, over strings that must outlive it.
struct Argv {
  explicit Argv(const std::vector<std::string>& args);
  int count() const noexcept { return static_cast<int>(pointers.size()); }
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
};

// The AUTH command for a URL's credentials; empty when there are none.
std::vector<std::string> auth_command(const Url& url);

// hiredis 0.14 writes with write(2), which raises SIGPIPE when Redis has gone away. The guard
// blocks SIGPIPE on the calling thread for its lifetime and swallows one raised meanwhile, so a
// process that has not ignored SIGPIPE (tests, tools) is not killed by a dead connection.
class SigpipeGuard {
 public:
  SigpipeGuard() noexcept;
  ~SigpipeGuard();
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t previous_mask_;
  bool was_pending_ = false;
};

// True when an idle connection's socket has nothing to read: not closed by the peer, no error.
bool idle_socket_healthy(int fd) noexcept;

}  // namespace authorworks::redis::detail
