#pragma once
// Shared by the server's own translation units only: the listener (server.cpp), the HTTP session
// (server_http_session.cpp) and the WebSocket session (server_websocket_session.cpp).
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include "http/cors.hpp"
#include "http/io_reactor.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace authorworks::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
inline constexpr auto as_tuple_awaitable = net::as_tuple(net::use_awaitable);

// Anything the server must wind down at shutdown: an HTTP connection or a WebSocket.
class Tracked {
 public:
  virtual ~Tracked() = default;
  // Called from any thread; the implementation posts to its own strand.
  virtual void begin_shutdown() = 0;
  // Called when the grace period has run out.
  virtual void force_close() = 0;
};

using Clock = std::chrono::steady_clock;

// A connection with a deadline. One sweeper per I/O thread checks the deadlines a few times a
// second and cancels the socket of a connection whose time ran out: far cheaper on the hot path
// than arming a timer for every read and write.
class Expirable {
 public:
  virtual ~Expirable() = default;
  virtual void check_deadline(Clock::time_point now) = 0;
};

struct IoThread {
  std::unordered_set<Expirable*> expirables;  // touched only by this thread
  // Destroyed before `expirables`: the connections it destroys unregister from it.
  net::io_context ioc{1};
  net::steady_timer sweeper{ioc};  // the deadline sweeper's timer; cancelled at shutdown
  IoReactor reactor{ioc};          // for non-blocking handlers' database queries
};

struct ServerState {
  ServerOptions options;
  const Router& router;
  WorkerPool& workers;
  Metrics& metrics;
  CorsPolicy cors;
  // One io_context per I/O thread, like nginx's workers: a connection lives on one thread, so
  // its handlers never contend for the scheduler's lock with another thread's.
  std::vector<std::unique_ptr<IoThread>> contexts;
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};

  mutable std::mutex tracked_mutex;
  std::unordered_set<std::shared_ptr<Tracked>> tracked;

  ServerState(ServerOptions o, const Router& r, WorkerPool& w, Metrics& m)
      : options(std::move(o)), router(r), workers(w), metrics(m), cors(options.allowed_origins) {
    unsigned n = options.io_threads;
    if (n == 0) n = std::max(1U, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < n; ++i) contexts.push_back(std::make_unique<IoThread>());
  }

  void track(const std::shared_ptr<Tracked>& t) {
    std::lock_guard lock(tracked_mutex);
    tracked.insert(t);
  }
  void untrack(const std::shared_ptr<Tracked>& t) {
    std::lock_guard lock(tracked_mutex);
    tracked.erase(t);
  }
};

// Runs one HTTP connection until it closes, or hands it over to a WebSocket session.
net::awaitable<void> run_http_session(std::shared_ptr<ServerState> state, IoThread& io, tcp::socket socket);

// Completes the upgrade in `request` and runs the WebSocket until it closes.
net::awaitable<void> run_websocket_session(std::shared_ptr<ServerState> state, tcp::socket socket,
                                           bhttp::request<bhttp::string_body> upgrade,
                                           std::shared_ptr<WebSocketHandler> handler);

}  // namespace authorworks::http::detail
