#include "redis/client.hpp"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <condition_variable>
#include <mutex>

#include "core/error.hpp"
#include "core/log.hpp"
#include "redis/connection.hpp"

namespace authorworks::redis {
namespace {

using Clock = std::chrono::steady_clock;

// One hit in a fixed window: the first hit starts the window; a key left without an expiry (by
// anything else) gets one rather than counting forever. Returns {count, milliseconds left}.
constexpr std::string_view kWindowScript = R"lua(local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl})lua";

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
  return tv;
}

bool starts_with_any(const std::string& text, std::initializer_list<std::string_view> prefixes) {
  for (auto p : prefixes) {
    if (text.starts_with(p)) return true;
  }
  return false;
}

// Error replies that mean "not now" rather than "wrong command".
bool is_availability_error(const std::string& message) {
  return starts_with_any(
      message, {"LOADING", "BUSY", "MASTERDOWN", "OOM", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "MISCONF", "NOAUTH"});
}

[[noreturn]] void throw_unexpected(std::string_view command, const Reply& reply) {
  if (reply.is_error() && is_availability_error(reply.error())) {
    throw Error(ErrorCode::unavailable, "Redis cannot serve " + std::string(command) + " now: " + reply.describe())
        .with_retry_after(1);
  }
  throw Error(ErrorCode::internal, "Redis answered " + std::string(command) + " with " + reply.describe());
}

bool is_ok(const Reply& reply) { return reply.is_status() && reply.string() == "OK"; }

std::string ttl_arg(std::string_view command, std::chrono::milliseconds ttl) {
  if (ttl.count() < 1) {
    throw Error(ErrorCode::internal, "Redis " + std::string(command) + ": the expiry must be at least 1 ms, got " +
                                         std::to_string(ttl.count()) + " ms");
  }
  return std::to_string(ttl.count());
}

}  // namespace

struct Client::Impl {
  Url url;
  ClientOptions options;
  std::string endpoint;

  std::mutex mutex;
  std::condition_variable released;
  std::vector<detail::Context> idle;
  std::size_t open = 0;          // idle, leased and being opened
  std::uint64_t generation = 0;  // bumped on every failure: older connections are not reused
  bool down = false;             // the last attempt failed; fail fast until retry_at
  bool probing = false;          // one call is trying to reconnect
  Clock::time_point retry_at{};
  std::string last_error;

  Impl(Url u, ClientOptions o) : url(std::move(u)), options(o), endpoint(url.endpoint()) {
    if (options.pool_size == 0) options.pool_size = 1;
  }

  // A leased connection: returned to the pool when the lease ends, unless it broke.
  class Lease {
   public:
    Lease(Impl& impl, detail::Context context, std::uint64_t generation)
        : impl_(&impl), context_(std::move(context)), generation_(generation) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (context_) impl_->give_back(std::move(context_), generation_);
    }
    redisContext* get() const noexcept { return context_.get(); }
    // The connection is unusable: close it and put the client into fail-fast mode.
    [[noreturn]] void fail(const std::string& message) {
      context_.reset();
      impl_->fail(message, /*was_open=*/true);
      throw Error(ErrorCode::unavailable, message).with_retry_after(1);
    }

   private:
    Impl* impl_;
    detail::Context context_;
    std::uint64_t generation_;
  };

  void give_back(detail::Context context, std::uint64_t leased_generation) {
    std::lock_guard lock(mutex);
    if (leased_generation == generation && !down) {
      idle.push_back(std::move(context));
    } else {
      --open;
      context.reset();
    }
    released.notify_one();
  }

  // Records a failure. `was_open`: a connection counted in `open` was closed for it.
  void fail(const std::string& message, bool was_open) {
    std::lock_guard lock(mutex);
    if (was_open) --open;
    if (!down) log::warn("Redis is unavailable", {{"endpoint", endpoint}, {"error", message}});
    down = true;
    probing = false;
    retry_at = Clock::now() + options.retry_after_failure;
    last_error = message;
    ++generation;
    open -= idle.size();
    idle.clear();
    released.notify_all();
  }

  std::string unreachable(const std::string& why) const { return "Redis is unreachable at " + endpoint + ": " + why; }

  // Opens, authenticates and selects the database. Returns null and sets `error` on failure.
  detail::Context connect(std::string& error) const {
    detail::Context context(redisConnectWithTimeout(url.host.c_str(), url.port, to_timeval(options.connect_timeout)));
    if (!context) {
      error = unreachable("out of memory for a connection");
      return {};
    }
    if (context->err != 0) {
      error = unreachable(detail::context_error(*context, options.connect_timeout));
      return {};
    }
    if (redisSetTimeout(context.get(), to_timeval(options.command_timeout)) != REDIS_OK) {
      error = unreachable(detail::context_error(*context, options.command_timeout));
      return {};
    }
    redisEnableKeepAlive(context.get());  // best effort: notices a vanished peer on an idle connection

    auto setup = [&](const std::vector<std::string>& args, std::string_view what) -> bool {
      const auto reply = run(*context, args);
      if (!reply) {
        error = unreachable(detail::context_error(*context, options.command_timeout));
        return false;
      }
      if (reply->is_error()) {
        error = what == "AUTH" ? "Redis authentication failed at " + endpoint + ": " + reply->error() +
                                     " (check the user and password in REDIS_URL)"
                               : "Redis at " + endpoint + " refused " + std::string(what) + ": " + reply->error();
        return false;
      }
      return true;
    };
    if (const auto auth = detail::auth_command(url); !auth.empty() && !setup(auth, "AUTH")) return {};
    if (url.database != 0 && !setup({"SELECT", std::to_string(url.database)}, "SELECT")) return {};
    return context;
  }

  // One command on a connection; nullopt when the connection broke (see context->errstr).
  static std::optional<Reply> run(redisContext& context, const std::vector<std::string>& args) {
    detail::Argv argv(args);
    void* raw = nullptr;
    {
      detail::SigpipeGuard guard;
      raw = redisCommandArgv(&context, argv.count(), argv.pointers.data(), argv.lengths.data());
    }
    if (raw == nullptr) return std::nullopt;
    auto* reply = static_cast<redisReply*>(raw);
    struct Free {
      redisReply* r;
      ~Free() { freeReplyObject(r); }
    } free_reply{reply};
    return detail::convert(*reply);
  }

  Lease acquire() {
    std::unique_lock lock(mutex);
    const auto deadline = Clock::now() + options.command_timeout;
    for (;;) {
      const auto now = Clock::now();
      if (down && (now < retry_at || probing)) {
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(retry_at - now).count();
        throw Error(ErrorCode::unavailable,
                    last_error + " (next attempt in " + std::to_string(wait > 0 ? wait : 0) + " ms)")
            .with_retry_after(1);
      }
      while (!down && !idle.empty()) {
        auto context = std::move(idle.back());
        idle.pop_back();
        if (detail::idle_socket_healthy(context->fd)) return Lease(*this, std::move(context), generation);
        --open;  // closed by the server (restart, idle timeout): drop it and try the next one
      }
      if (open < options.pool_size) {
        const bool probe = down;
        if (probe) probing = true;
        ++open;
        lock.unlock();
        std::string error;
        auto context = connect(error);
        if (!context) {
          fail(error, /*was_open=*/true);
          throw Error(ErrorCode::unavailable, error).with_retry_after(1);
        }
        lock.lock();
        if (probe) {
          down = false;
          probing = false;
          log::info("Redis is reachable again", {{"endpoint", endpoint}});
        }
        return Lease(*this, std::move(context), generation);
      }
      if (released.wait_until(lock, deadline) == std::cv_status::timeout && idle.empty() && open >= options.pool_size) {
        throw Error(ErrorCode::unavailable, "Redis at " + endpoint + " is saturated: all " +
                                                std::to_string(options.pool_size) + " connections stayed busy for " +
                                                std::to_string(options.command_timeout.count()) + " ms")
            .with_retry_after(1);
      }
    }
  }
};

Client::Client(Url url, ClientOptions options) : impl_(std::make_unique<Impl>(std::move(url), options)) {}
Client::~Client() = default;

const Url& Client::url() const noexcept { return impl_->url; }
const ClientOptions& Client::options() const noexcept { return impl_->options; }

Reply Client::command(const std::vector<std::string>& args) {
  if (args.empty()) throw Error(ErrorCode::internal, "Redis command: no arguments");
  auto lease = impl_->acquire();
  auto reply = Impl::run(*lease.get(), args);
  if (!reply) lease.fail(impl_->unreachable(detail::context_error(*lease.get(), impl_->options.command_timeout)));
  if (reply->is_error() && reply->error().starts_with("NOAUTH")) {
    // Redis now wants a password this client does not have (it was restarted with requirepass).
    lease.fail("Redis authentication failed at " + impl_->endpoint + ": " + reply->error() +
               " (check the password in REDIS_URL)");
  }
  return std::move(*reply);
}

std::optional<std::string> Client::get(std::string_view key) {
  auto reply = command({"GET", std::string(key)});
  if (reply.is_nil()) return std::nullopt;
  if (!reply.is_string()) throw_unexpected("GET", reply);
  return std::move(reply).take_string();
}

void Client::set(std::string_view key, std::string_view value) {
  const auto reply = command({"SET", std::string(key), std::string(value)});
  if (!is_ok(reply)) throw_unexpected("SET", reply);
}

void Client::set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) {
  const auto reply = command({"SET", std::string(key), std::string(value), "PX", ttl_arg("SET", ttl)});
  if (!is_ok(reply)) throw_unexpected("SET", reply);
}

bool Client::setnx_ex(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) {
  const auto reply = command({"SET", std::string(key), std::string(value), "NX", "PX", ttl_arg("SET NX", ttl)});
  if (reply.is_nil()) return false;
  if (!is_ok(reply)) throw_unexpected("SET NX", reply);
  return true;
}

std::int64_t Client::del(std::string_view key) { return del(std::vector<std::string>{std::string(key)}); }

std::int64_t Client::del(const std::vector<std::string>& keys) {
  if (keys.empty()) return 0;
  std::vector<std::string> args;
  args.reserve(keys.size() + 1);
  args.emplace_back("DEL");
  args.insert(args.end(), keys.begin(), keys.end());
  const auto reply = command(args);
  if (!reply.is_integer()) throw_unexpected("DEL", reply);
  return reply.integer();
}

bool Client::exists(std::string_view key) {
  const auto reply = command({"EXISTS", std::string(key)});
  if (!reply.is_integer()) throw_unexpected("EXISTS", reply);
  return reply.integer() > 0;
}

WindowCount Client::incr_with_expiry(std::string_view key, std::chrono::milliseconds window) {
  const auto reply =
      command({"EVAL", std::string(kWindowScript), "1", std::string(key), ttl_arg("incr_with_expiry", window)});
  if (!reply.is_array() || reply.array().size() != 2 || !reply.array()[0].is_integer() ||
      !reply.array()[1].is_integer()) {
    throw_unexpected("EVAL (fixed-window counter)", reply);
  }
  return {reply.array()[0].integer(), std::chrono::milliseconds(reply.array()[1].integer())};
}

std::int64_t Client::publish(std::string_view channel, std::string_view message) {
  const auto reply = command({"PUBLISH", std::string(channel), std::string(message)});
  if (!reply.is_integer()) throw_unexpected("PUBLISH", reply);
  return reply.integer();
}

ReadinessCheck Client::check() {
  try {
    const auto reply = command({"PING"});
    if (reply.is_status() && reply.string() == "PONG") return {"redis", true, "PONG from " + impl_->endpoint};
    return {"redis", false, "Redis at " + impl_->endpoint + " answered PING with " + reply.describe()};
  } catch (const Error& e) {
    return {"redis", false, e.detail()};
  }
}

}  // namespace authorworks::redis
