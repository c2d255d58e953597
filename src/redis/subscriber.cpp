#include "redis/subscriber.hpp"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>
#include <vector>

#include "core/log.hpp"
#include "redis/connection.hpp"

namespace authorworks::redis {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kNamesPerCommand = 256;

int millis_until(Clock::time_point deadline, Clock::time_point now) {
  if (deadline <= now) return 0;
  const auto ms = std::chrono::ceil<milliseconds>(deadline - now).count();
  return static_cast<int>(std::min<long long>(ms, 60'000));
}

}  // namespace

struct Subscriber::Impl {
  Url url;
  MessageHandler on_message;
  StateHandler on_state;
  SubscriberOptions options;
  std::string endpoint;
  int wake_fd = -1;

  mutable std::mutex mutex;  // guards the wanted sets, thread, last_error, confirmed, waiting
  std::set<std::string> channels;
  // Channels Redis confirmed in this session and has not been asked to leave since.
  std::set<std::string> confirmed;
  std::multimap<std::string, std::function<void()>> waiting;  // when_subscribed callbacks
  std::set<std::string> patterns;
  std::thread thread;
  std::string last_error = "not started";
  std::atomic<bool> stopping{false};
  std::atomic<bool> is_connected{false};

  // Owned by the thread.
  std::set<std::string> sent_channels;
  // (UN)SUBSCRIBE commands sent for a channel whose replies have not come yet: a confirmation
  // counts only when it answers the last of them.
  std::map<std::string, int> unanswered;
  std::set<std::string> sent_patterns;
  bool reported_any = false;
  State reported = State::disconnected;

  Impl(Url u, MessageHandler m, StateHandler s, SubscriberOptions o)
      : url(std::move(u)), on_message(std::move(m)), on_state(std::move(s)), options(o), endpoint(url.endpoint()) {
    wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd < 0) throw std::system_error(errno, std::generic_category(), "eventfd for the Redis subscriber");
  }
  ~Impl() {
    if (wake_fd >= 0) close(wake_fd);
  }

  void wake() const noexcept {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = write(wake_fd, &one, sizeof one);
  }
  void drain_wake() const noexcept {
    std::uint64_t value = 0;
    [[maybe_unused]] const auto n = read(wake_fd, &value, sizeof value);
  }

  void change(std::set<std::string>& set, const std::string& name, bool add) {
    {
      std::lock_guard lock(mutex);
      if (add ? !set.insert(name).second : set.erase(name) == 0) return;
    }
    wake();
  }

  bool wanted(const std::set<std::string>& set, const std::string& name) const {
    std::lock_guard lock(mutex);
    return set.contains(name);
  }

  void report(State state, const std::string& detail) {
    {
      std::lock_guard lock(mutex);
      last_error = state == State::connected ? std::string() : detail;
    }
    is_connected.store(state == State::connected);
    if (reported_any && reported == state) return;
    reported_any = true;
    reported = state;
    if (state == State::connected) {
      log::info("Redis subscriber connected", {{"endpoint", endpoint}});
    } else {
      log::warn("Redis subscriber disconnected", {{"endpoint", endpoint}, {"error", detail}});
    }
    if (!on_state) return;
    try {
      on_state(state, detail);
    } catch (const std::exception& e) {
      log::error("a Redis subscriber state callback failed", {{"error", e.what()}});
    }
  }

  void deliver(Message message) {
    try {
      on_message(message);
    } catch (const std::exception& e) {
      log::error("a Redis subscriber message callback failed", {{"channel", message.channel}, {"error", e.what()}});
    }
  }

  static void append(redisContext& context, const std::vector<std::string>& args) {
    detail::Argv argv(args);
    redisAppendCommandArgv(&context, argv.count(), argv.pointers.data(), argv.lengths.data());
  }

  static void append_batched(redisContext& context, const char* command, const std::vector<std::string>& names) {
    for (std::size_t i = 0; i < names.size(); i += kNamesPerCommand) {
      std::vector<std::string> args{command};
      const auto end = std::min(names.size(), i + kNamesPerCommand);
      args.insert(args.end(), names.begin() + static_cast<std::ptrdiff_t>(i),
                  names.begin() + static_cast<std::ptrdiff_t>(end));
      append(context, args);
    }
  }

  // Queues the (P)(UN)SUBSCRIBE commands that bring Redis to the wanted sets.
  void sync_subscriptions(redisContext& context) {
    std::vector<std::string> subscribe, unsubscribe, psubscribe, punsubscribe;
    {
      std::lock_guard lock(mutex);
      std::set_difference(channels.begin(), channels.end(), sent_channels.begin(), sent_channels.end(),
                          std::back_inserter(subscribe));
      std::set_difference(sent_channels.begin(), sent_channels.end(), channels.begin(), channels.end(),
                          std::back_inserter(unsubscribe));
      std::set_difference(patterns.begin(), patterns.end(), sent_patterns.begin(), sent_patterns.end(),
                          std::back_inserter(psubscribe));
      std::set_difference(sent_patterns.begin(), sent_patterns.end(), patterns.begin(), patterns.end(),
                          std::back_inserter(punsubscribe));
      for (const auto& channel : unsubscribe) confirmed.erase(channel);
      for (const auto& channel : subscribe) ++unanswered[channel];
      for (const auto& channel : unsubscribe) ++unanswered[channel];
      sent_channels = channels;
      sent_patterns = patterns;
    }
    append_batched(context, "SUBSCRIBE", subscribe);
    append_batched(context, "UNSUBSCRIBE", unsubscribe);
    append_batched(context, "PSUBSCRIBE", psubscribe);
    append_batched(context, "PUNSUBSCRIBE", punsubscribe);
  }

  std::string unreachable(const std::string& why) const { return "Redis is unreachable at " + endpoint + ": " + why; }

  // Waits for a non-blocking connect to finish. False with `error` set, or on stop.
  bool wait_connected(redisContext& context, std::string& error) {
    const auto deadline = Clock::now() + options.connect_timeout;
    for (;;) {
      if (stopping) return false;
      const auto now = Clock::now();
      if (now >= deadline) {
        error = unreachable("no connection within " + std::to_string(options.connect_timeout.count()) + " ms");
        return false;
      }
      pollfd fds[2] = {{context.fd, POLLOUT, 0}, {wake_fd, POLLIN, 0}};
      const int n = poll(fds, 2, millis_until(deadline, now));
      if (n < 0 && errno != EINTR) {
        error = unreachable(std::string("poll: ") + std::strerror(errno));
        return false;
      }
      if (n <= 0) continue;
      if (fds[1].revents != 0) drain_wake();  // a subscription change or stop; changes wait for the connection
      if (fds[0].revents != 0) {
        int so_error = 0;
        socklen_t length = sizeof so_error;
        if (getsockopt(context.fd, SOL_SOCKET, SO_ERROR, &so_error, &length) != 0) so_error = errno;
        if (so_error != 0) {
          error = unreachable(std::strerror(so_error));
          return false;
        }
        return true;
      }
    }
  }

  // Session state while connected.
  struct Session {
    bool awaiting_auth = false;
    bool ready = false;  // the setup PING came back: AUTH passed, subscriptions are in place
    bool ping_outstanding = false;
    Clock::time_point started;
    Clock::time_point last_traffic;
    Clock::time_point ping_sent;
  };

  static void call_all(std::vector<std::function<void()>>& callbacks) {
    for (auto& ready : callbacks) {
      try {
        ready();
      } catch (const std::exception& e) {
        log::error("a Redis subscription callback failed", {{"error", e.what()}});
      }
    }
  }

  // The answer to the last SUBSCRIBE of a channel still wanted: from here on its messages arrive.
  void confirm(const std::string& channel) {
    std::vector<std::function<void()>> ready;
    {
      std::lock_guard lock(mutex);
      if (!sent_channels.contains(channel)) return;
      confirmed.insert(channel);
      const auto [first, last] = waiting.equal_range(channel);
      for (auto it = first; it != last; ++it) ready.push_back(std::move(it->second));
      waiting.erase(first, last);
    }
    call_all(ready);
  }

  // The channel was left for good (nobody here wants it any more): whoever still waits for it went
  // away before its confirmation came, and is let go rather than kept until the connection drops.
  void release_unwanted(const std::string& channel) {
    std::vector<std::function<void()>> ready;
    {
      std::lock_guard lock(mutex);
      if (channels.contains(channel)) return;  // wanted again: its SUBSCRIBE is on the way
      const auto [first, last] = waiting.equal_range(channel);
      for (auto it = first; it != last; ++it) ready.push_back(std::move(it->second));
      waiting.erase(first, last);
    }
    call_all(ready);
  }

  // The session ended: nothing is confirmed any more, and nobody waits for a confirmation that will
  // not come (the state handler has told them events stay local).
  void release_waiting() {
    std::vector<std::function<void()>> ready;
    {
      std::lock_guard lock(mutex);
      confirmed.clear();
      for (auto& [channel, callback] : waiting) ready.push_back(std::move(callback));
      waiting.clear();
    }
    call_all(ready);
  }

  // Handles one reply. False with `error` set when the session must end.
  bool handle(Session& s, const Reply& reply, std::string& error) {
    if (reply.is_error()) {
      const auto& text = reply.error();
      if (s.awaiting_auth || text.starts_with("NOAUTH") || text.starts_with("WRONGPASS")) {
        error =
            "Redis authentication failed at " + endpoint + ": " + text + " (check the user and password in REDIS_URL)";
        return false;
      }
      if (!s.ready) {
        error = "Redis at " + endpoint + " refused a subscription: " + text;
        return false;
      }
      log::warn("Redis refused a subscription command", {{"endpoint", endpoint}, {"error", text}});
      return true;
    }
    if (s.awaiting_auth) {
      s.awaiting_auth = false;  // +OK
      return true;
    }
    bool pong = reply.is_status() && reply.string() == "PONG";
    if (reply.is_array() && !reply.array().empty() && reply.array()[0].is_string()) {
      const auto& a = reply.array();
      const auto& kind = a[0].string();
      if (kind == "message" && a.size() == 3 && a[1].is_string() && a[2].is_string()) {
        if (wanted(channels, a[1].string())) deliver({a[1].string(), a[2].string(), {}});
      } else if (kind == "pmessage" && a.size() == 4 && a[1].is_string() && a[2].is_string() && a[3].is_string()) {
        if (wanted(patterns, a[1].string())) deliver({a[2].string(), a[3].string(), a[1].string()});
      } else if (kind == "pong") {
        pong = true;
      } else if ((kind == "subscribe" || kind == "unsubscribe") && a.size() >= 2 && a[1].is_string()) {
        const auto& channel = a[1].string();
        const auto it = unanswered.find(channel);
        if (it != unanswered.end() && --it->second <= 0) unanswered.erase(it);
        if (!unanswered.contains(channel)) {
          if (kind == "subscribe") {
            confirm(channel);
          } else {
            release_unwanted(channel);
          }
        }
      }
      // psubscribe/punsubscribe confirmations need nothing.
    }
    if (pong) {
      if (!s.ready) {
        s.ready = true;
        report(State::connected, endpoint);
      } else {
        s.ping_outstanding = false;
      }
    }
    return true;
  }

  // One connection, from connect to loss. Returns whether it got ready; `error` says why it ended.
  bool run_session(std::string& error) {
    detail::Context context(redisConnectNonBlock(url.host.c_str(), url.port));
    if (!context) {
      error = unreachable("out of memory for a connection");
      return false;
    }
    if (context->err != 0) {
      error = unreachable(detail::context_error(*context, options.connect_timeout));
      return false;
    }
    if (!wait_connected(*context, error)) return false;

    Session s;
    s.started = s.last_traffic = Clock::now();
    sent_channels.clear();
    unanswered.clear();
    sent_patterns.clear();
    if (const auto auth = detail::auth_command(url); !auth.empty()) {
      append(*context, auth);
      s.awaiting_auth = true;
    }
    sync_subscriptions(*context);
    append(*context, {"PING"});

    for (;;) {
      if (stopping) return s.ready;
      int written_all = 0;
      if (redisBufferWrite(context.get(), &written_all) != REDIS_OK) {
        error = unreachable(detail::context_error(*context, options.ping_timeout));
        return s.ready;
      }
      for (;;) {
        void* raw = nullptr;
        if (redisGetReplyFromReader(context.get(), &raw) != REDIS_OK) {
          error = unreachable(detail::context_error(*context, options.ping_timeout));
          return s.ready;
        }
        if (raw == nullptr) break;
        Reply reply;
        {
          auto* r = static_cast<redisReply*>(raw);
          struct Free {
            redisReply* r;
            ~Free() { freeReplyObject(r); }
          } free_reply{r};
          reply = detail::convert(*r);
        }
        if (!handle(s, reply, error)) return s.ready;
        if (stopping) return s.ready;
      }

      const auto now = Clock::now();
      Clock::time_point deadline;
      if (!s.ready) {
        deadline = s.started + options.connect_timeout;
        if (now >= deadline) {
          error = unreachable("no answer to the subscription within " +
                              std::to_string(options.connect_timeout.count()) + " ms");
          return false;
        }
      } else if (s.ping_outstanding) {
        deadline = s.ping_sent + options.ping_timeout;
        if (now >= deadline) {
          error = unreachable("no answer to PING within " + std::to_string(options.ping_timeout.count()) + " ms");
          return true;
        }
      } else {
        deadline = s.last_traffic + options.ping_interval;
        if (now >= deadline) {
          append(*context, {"PING"});
          s.ping_outstanding = true;
          s.ping_sent = now;
          continue;  // write it
        }
      }

      pollfd fds[2] = {{context->fd, static_cast<short>(POLLIN | (written_all != 0 ? 0 : POLLOUT)), 0},
                       {wake_fd, POLLIN, 0}};
      const int n = poll(fds, 2, millis_until(deadline, now));
      if (n < 0 && errno != EINTR) {
        error = unreachable(std::string("poll: ") + std::strerror(errno));
        return s.ready;
      }
      if (n <= 0) continue;
      if (fds[1].revents != 0) {
        drain_wake();
        if (stopping) return s.ready;
        sync_subscriptions(*context);
      }
      if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        if (redisBufferRead(context.get()) != REDIS_OK) {
          error = unreachable(detail::context_error(*context, options.ping_timeout));
          return s.ready;
        }
        s.last_traffic = Clock::now();
      }
    }
  }

  void run() {
    // hiredis writes with write(2): a dead peer must not kill the process with SIGPIPE. The mask is
    // this thread's alone; a SIGPIPE raised here stays pending on it and is never delivered.
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);

    auto backoff = options.initial_backoff;
    while (!stopping) {
      std::string error;
      const bool was_ready = run_session(error);
      {
        std::lock_guard lock(mutex);  // when_subscribed reads it under the lock
        is_connected.store(false);
      }
      if (stopping) break;
      report(State::disconnected, error);
      release_waiting();
      if (was_ready) backoff = options.initial_backoff;
      const auto retry_at = Clock::now() + backoff;
      while (!stopping) {
        const auto now = Clock::now();
        if (now >= retry_at) break;
        pollfd p{wake_fd, POLLIN, 0};
        if (poll(&p, 1, millis_until(retry_at, now)) > 0) drain_wake();
      }
      backoff = std::min(backoff * 2, options.max_backoff);
    }
  }
};

Subscriber::Subscriber(Url url, MessageHandler on_message, StateHandler on_state, SubscriberOptions options)
    : impl_(std::make_unique<Impl>(std::move(url), std::move(on_message), std::move(on_state), options)) {}

Subscriber::~Subscriber() { stop(); }

void Subscriber::start() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->thread.joinable()) return;
  impl_->stopping = false;
  impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
}

void Subscriber::stop() {
  std::thread thread;
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->thread.joinable()) return;
    impl_->stopping = true;
    if (impl_->thread.get_id() == std::this_thread::get_id()) return;  // from a callback: it ends by itself
    thread = std::move(impl_->thread);
  }
  impl_->wake();
  thread.join();
  impl_->is_connected.store(false);
}

void Subscriber::subscribe(const std::string& channel) { impl_->change(impl_->channels, channel, true); }
void Subscriber::unsubscribe(const std::string& channel) { impl_->change(impl_->channels, channel, false); }
void Subscriber::when_subscribed(const std::string& channel, std::function<void()> ready) {
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->confirmed.contains(channel) && impl_->is_connected.load()) {
      impl_->waiting.emplace(channel, std::move(ready));
      return;
    }
  }
  ready();
}

void Subscriber::psubscribe(const std::string& pattern) { impl_->change(impl_->patterns, pattern, true); }
void Subscriber::punsubscribe(const std::string& pattern) { impl_->change(impl_->patterns, pattern, false); }

bool Subscriber::connected() const noexcept { return impl_->is_connected.load(); }

ReadinessCheck Subscriber::check() const {
  if (impl_->is_connected.load()) return {"redis-pubsub", true, "subscribed at " + impl_->endpoint};
  std::lock_guard lock(impl_->mutex);
  return {"redis-pubsub", false, impl_->last_error};
}

}  // namespace authorworks::redis
