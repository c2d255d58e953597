#include <deque>
#include <mutex>

#include "core/log.hpp"
#include "http/server_internal.hpp"

namespace authorworks::http::detail {
namespace {

namespace websocket = beast::websocket;

constexpr std::chrono::seconds kCloseHandshakeAtShutdown{2};

class WebSocketConnection final : public WebSocketPeer,
                                  public Tracked,
                                  public std::enable_shared_from_this<WebSocketConnection> {
 public:
  WebSocketConnection(tcp::socket socket, std::size_t queue_limit) : ws(std::move(socket)), queue_limit_(queue_limit) {}

  // Messages are queued here, in the order of the calls, and handed to the socket's thread in
  // batches: posting one handler per message would not keep that order, because a post made from
  // the socket's own thread waits in a thread-private queue behind posts made from other threads.
  void send(std::shared_ptr<const std::string> text) override {
    {
      std::lock_guard lock(incoming_mutex_);
      if (incoming_.size() >= queue_limit_) {
        incoming_overflowed_ = true;
      } else {
        incoming_.push_back(std::move(text));
      }
      if (drain_posted_) return;
      drain_posted_ = true;
    }
    net::post(ws.get_executor(), [self = shared_from_this()] { self->take_incoming(); });
  }

  void close(std::string_view reason) override {
    net::post(ws.get_executor(), [self = shared_from_this(), reason = std::string(reason)] {
      self->close_on_strand(websocket::close_code::normal, reason);
    });
  }

  bool is_open() const noexcept override { return open_flag_.load(); }

  // A WebSocket lives as long as its client wants, so a shutdown does not give it the whole grace
  // period that requests in flight get: the close handshake has a moment (a client that stopped
  // reading never answers it, and a slow consumer already dropped may be waiting on one), then the
  // socket is closed.
  void begin_shutdown() override {
    net::post(ws.get_executor(), [self = shared_from_this()] {
      self->close_on_strand(websocket::close_code::going_away, "the server is shutting down");
      auto timer = std::make_shared<net::steady_timer>(self->ws.get_executor(), kCloseHandshakeAtShutdown);
      timer->async_wait([self, timer](beast::error_code) {
        if (!self->open_) return;
        boost::system::error_code ec;
        self->ws.next_layer().close(ec);
      });
    });
  }
  void force_close() override {
    net::post(ws.get_executor(), [self = shared_from_this()] {
      boost::system::error_code ec;
      self->ws.next_layer().close(ec);
    });
  }

  void take_incoming() {
    std::deque<std::shared_ptr<const std::string>> batch;
    bool overflowed = false;
    {
      std::lock_guard lock(incoming_mutex_);
      batch.swap(incoming_);
      overflowed = incoming_overflowed_;
      incoming_overflowed_ = false;
      drain_posted_ = false;
    }
    if (!open_) return;
    if (overflowed || queue_.size() + batch.size() > queue_limit_) {
      close_on_strand(websocket::close_code::policy_error, "too slow: messages were piling up");
      return;
    }
    for (auto& message : batch) queue_.push_back(std::move(message));
    if (!writing_ && !queue_.empty()) {
      writing_ = true;
      net::co_spawn(ws.get_executor(), write_loop(), net::detached);
    }
  }

  net::awaitable<void> write_loop() {
    auto self = shared_from_this();
    while (!queue_.empty() && open_) {
      auto message = std::move(queue_.front());
      queue_.pop_front();
      ws.text(true);
      auto [ec, n] = co_await ws.async_write(net::buffer(*message), as_tuple_awaitable);
      if (ec) {
        mark_closed();
        break;
      }
    }
    writing_ = false;
  }

  void close_on_strand(websocket::close_code code, std::string reason) {
    if (!open_ || closing_) return;
    closing_ = true;
    queue_.clear();
    ws.async_close(websocket::close_reason(code, reason),
                   [self = shared_from_this()](beast::error_code) { self->mark_closed(); });
  }

  void mark_closed() {
    open_ = false;
    open_flag_ = false;
  }

  websocket::stream<tcp::socket> ws;
  bool open_ = true;

 private:
  std::size_t queue_limit_;
  std::deque<std::shared_ptr<const std::string>> queue_;  // the socket thread's
  std::mutex incoming_mutex_;
  std::deque<std::shared_ptr<const std::string>> incoming_;  // sent, not yet taken by the socket thread
  bool incoming_overflowed_ = false;
  bool drain_posted_ = false;
  bool writing_ = false;
  bool closing_ = false;
  std::atomic<bool> open_flag_{true};
};

}  // namespace

net::awaitable<void> run_websocket_session(std::shared_ptr<ServerState> state, tcp::socket socket,
                                           bhttp::request<bhttp::string_body> upgrade,
                                           std::shared_ptr<WebSocketHandler> handler) {
  auto conn = std::make_shared<WebSocketConnection>(std::move(socket), state->options.websocket_queue_limit);
  // Beast pings a peer that has been silent for half the idle timeout and drops it when nothing
  // arrives by the whole: a ping every websocket_ping, and a pong must follow within as long.
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.idle_timeout = state->options.websocket_ping * 2;
  timeouts.keep_alive_pings = true;
  conn->ws.set_option(timeouts);
  conn->ws.read_message_max(state->options.websocket_message_limit);
  conn->ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(bhttp::field::server, "authorworks"); }));
  auto [aec] = co_await conn->ws.async_accept(upgrade, as_tuple_awaitable);
  if (aec) co_return;
  state->track(conn);
  if (state->stopping) conn->begin_shutdown();
  handler->on_open(conn);
  beast::flat_buffer buffer;
  while (conn->open_) {
    auto [ec, n] = co_await conn->ws.async_read(buffer, as_tuple_awaitable);
    if (ec) break;
    if (conn->ws.got_text()) {
      const auto data = buffer.data();
      try {
        handler->on_message(std::string_view(static_cast<const char*>(data.data()), data.size()));
      } catch (const std::exception& e) {
        log::warn("a WebSocket message handler failed", {{"error", e.what()}});
      }
    }
    buffer.consume(buffer.size());
  }
  conn->mark_closed();
  handler->on_close();
  state->untrack(conn);
}

}  // namespace authorworks::http::detail
