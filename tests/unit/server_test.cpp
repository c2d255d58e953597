// The real http::Server on 127.0.0.1 and an ephemeral port, driven over real sockets by a small
// client written with Beast. Every client operation has a timeout, so a server that stops
// answering fails the test instead of hanging it.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "http/event_stream.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/websocket.hpp"
#include "observability/metrics.hpp"
#include "runtime/reactor.hpp"
#include "runtime/worker_pool.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using authorworks::Error;
using authorworks::ErrorCode;
using authorworks::Metrics;
using authorworks::WorkerPool;
using authorworks::http::EventStream;
using authorworks::http::Request;
using authorworks::http::Response;
using authorworks::http::RouteOptions;
using authorworks::http::Router;
using authorworks::http::Server;
using authorworks::http::ServerOptions;
using authorworks::http::WebSocketHandler;
using authorworks::http::WebSocketPeer;

constexpr auto kTimeout = 3s;
using HttpResponse = bhttp::response<bhttp::string_body>;

class TestServer {
 public:
  explicit TestServer(const std::function<void(Router&)>& setup, unsigned worker_threads = 4,
                      std::size_t queue_limit = 64)
      : workers(worker_threads, queue_limit), metrics("test", "0.0.0", "test") {
    setup(router);
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.io_threads = 2;
    server = std::make_unique<Server>(options, router, workers, metrics);
    port = server->listen();
    server->start();
  }
  ~TestServer() { server->shutdown(1s); }

  Router router;
  WorkerPool workers;
  Metrics metrics;
  std::unique_ptr<Server> server;
  std::uint16_t port = 0;
};

// Runs `ioc` until the operation started on it sets `done`; on timeout cancels the socket and throws.
void run(net::io_context& ioc, tcp::socket& socket, const bool& done, const std::string& what) {
  ioc.restart();
  ioc.run_for(kTimeout);
  if (!done) {
    boost::system::error_code ec;
    socket.cancel(ec);
    ioc.restart();
    ioc.run();
    throw std::runtime_error("timed out: " + what);
  }
}

void connect(net::io_context& ioc, tcp::socket& socket, std::uint16_t port) {
  bool done = false;
  boost::system::error_code result;
  socket.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](boost::system::error_code ec) {
    result = ec;
    done = true;
  });
  run(ioc, socket, done, "connect");
  if (result) throw boost::system::system_error(result, "connect");
}

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) { connect(ioc_, socket_, port); }

  void send(std::string_view raw) {
    bool done = false;
    boost::system::error_code result;
    net::async_write(socket_, net::buffer(raw), [&](boost::system::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    run(ioc_, socket_, done, "write");
    if (result) throw boost::system::system_error(result, "write");
  }

  HttpResponse receive(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head);
    bool done = false;
    boost::system::error_code result;
    bhttp::async_read(socket_, buffer_, parser, [&](boost::system::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    run(ioc_, socket_, done, "read response");
    if (result) throw boost::system::system_error(result, "read response");
    return parser.release();
  }

  HttpResponse get(std::string_view target, std::string_view extra_headers = "") {
    send("GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) + "\r\n");
    return receive();
  }

  // Reads whatever arrives next; returns "" at end of stream.
  std::string read_some() {
    bool done = false;
    boost::system::error_code result;
    std::size_t got = 0;
    socket_.async_read_some(buffer_.prepare(16 * 1024), [&](boost::system::error_code ec, std::size_t n) {
      result = ec;
      got = n;
      done = true;
    });
    run(ioc_, socket_, done, "read");
    buffer_.commit(got);
    if (result == net::error::eof || result == net::error::connection_reset) return "";
    if (result) throw boost::system::system_error(result, "read");
    return take();
  }

  // Raw bytes up to and including `marker`, plus whatever came with them.
  std::string read_until(std::string_view marker) {
    std::string out = take();
    while (out.find(marker) == std::string::npos) {
      const auto more = read_some();
      if (more.empty()) throw std::runtime_error("connection closed before '" + std::string(marker) + "'");
      out += more;
    }
    return out;
  }

  std::string read_until_closed() {
    std::string out = take();
    for (auto more = read_some(); !more.empty(); more = read_some()) out += more;
    return out;
  }

  // True when the server closes the connection without sending anything more.
  bool closed_by_server() { return buffer_.size() == 0 && read_some().empty(); }

 private:
  std::string take() {
    std::string out = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    return out;
  }

  net::io_context ioc_;
  tcp::socket socket_{ioc_};
  beast::flat_buffer buffer_;
};

class WsClient {
 public:
  explicit WsClient(std::uint16_t port) { connect(ioc_, ws_.next_layer(), port); }

  // Completes the upgrade; returns the error (upgrade_declined for a refusal) and fills `response`.
  boost::system::error_code handshake(std::string_view target) {
    bool done = false;
    boost::system::error_code result;
    ws_.async_handshake(response, "127.0.0.1", target, [&](boost::system::error_code ec) {
      result = ec;
      done = true;
    });
    run(ioc_, ws_.next_layer(), done, "handshake");
    return result;
  }

  std::string read() {
    bool done = false;
    boost::system::error_code result;
    beast::flat_buffer buffer;
    ws_.async_read(buffer, [&](boost::system::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    run(ioc_, ws_.next_layer(), done, "websocket read");
    if (result) throw boost::system::system_error(result, "websocket read");
    return beast::buffers_to_string(buffer.data());
  }

  void write(std::string_view text) {
    bool done = false;
    boost::system::error_code result;
    ws_.text(true);
    ws_.async_write(net::buffer(text), [&](boost::system::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    run(ioc_, ws_.next_layer(), done, "websocket write");
    if (result) throw boost::system::system_error(result, "websocket write");
  }

  void close() {
    bool done = false;
    boost::system::error_code result;
    ws_.async_close(websocket::close_code::normal, [&](boost::system::error_code ec) {
      result = ec;
      done = true;
    });
    run(ioc_, ws_.next_layer(), done, "websocket close");
    if (result) throw boost::system::system_error(result, "websocket close");
  }

  websocket::response_type response;

 private:
  net::io_context ioc_;
  websocket::stream<tcp::socket> ws_{ioc_};
};

// Polls `condition` for up to two seconds.
bool eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return condition();
}

json::object problem_of(const HttpResponse& r) {
  EXPECT_EQ(r[bhttp::field::content_type], "application/problem+json");
  return json::parse(r.body()).as_object();
}

Response text(std::string body) { return Response::text(std::move(body)); }

}  // namespace

TEST(Server, BlockingAndInlineRoutes) {
  std::atomic<std::thread::id> inline_thread;
  std::atomic<std::thread::id> blocking_thread;
  TestServer s([&](Router& r) {
    r.get(
        "/inline",
        [&](Request&) {
          inline_thread = std::this_thread::get_id();
          return text("inline");
        },
        RouteOptions{.blocking = false});
    r.get("/blocking/:id", [&](Request& req) {
      blocking_thread = std::this_thread::get_id();
      return text("blocking " + req.param("id") + " " + req.query("q").value_or("-"));
    });
  });
  HttpClient c(s.port);
  const auto a = c.get("/inline");
  EXPECT_EQ(a.result_int(), 200);
  EXPECT_EQ(a.body(), "inline");
  EXPECT_EQ(a[bhttp::field::content_type], "text/plain; charset=utf-8");
  EXPECT_EQ(a[bhttp::field::content_length], "6");
  EXPECT_FALSE(a["X-Request-Id"].empty());
  EXPECT_TRUE(a.keep_alive());

  const auto b = c.get("/blocking/42?q=caf%C3%A9");
  EXPECT_EQ(b.result_int(), 200);
  EXPECT_EQ(b.body(), "blocking 42 caf\xC3\xA9");
  // The blocking handler ran on the worker pool, not on the I/O thread.
  EXPECT_NE(inline_thread.load(), blocking_thread.load());
  EXPECT_NE(blocking_thread.load(), std::this_thread::get_id());
}

TEST(Server, NonBlockingHandlersAnswerOnTheIoThreadOrDecline) {
  std::atomic<bool> fast_on_reactor{false};
  std::atomic<bool> blocking_on_reactor{true};
  std::atomic<int> blocking_calls{0};
  TestServer s([&](Router& r) {
    r.get(
        "/fast/:mode",
        [&](Request& req) {
          blocking_on_reactor = authorworks::runtime::Reactor::current() != nullptr;
          ++blocking_calls;
          return text("blocking " + req.param("mode"));
        },
        RouteOptions{.non_blocking = [&](Request& req, const authorworks::http::Reply& reply) {
          auto* reactor = authorworks::runtime::Reactor::current();
          fast_on_reactor = reactor != nullptr;
          const auto mode = req.param("mode");
          if (mode == "decline") return false;
          if (mode == "throw") throw Error(ErrorCode::not_found, "no such fast thing");
          if (mode == "now") {
            reply([] { return text("fast now"); });
          } else if (mode == "later") {
            reactor->post_after(20ms, [reply] { reply([] { return text("fast later"); }); });
          } else {
            reply([]() -> Response { throw Error(ErrorCode::conflict, "the reply refused"); });
          }
          return true;
        }});
  });
  HttpClient c(s.port);
  const auto now = c.get("/fast/now");
  EXPECT_EQ(now.result_int(), 200);
  EXPECT_EQ(now.body(), "fast now");
  EXPECT_TRUE(fast_on_reactor.load());

  const auto later = c.get("/fast/later");
  EXPECT_EQ(later.result_int(), 200);
  EXPECT_EQ(later.body(), "fast later");
  EXPECT_EQ(blocking_calls.load(), 0);

  const auto declined = c.get("/fast/decline");
  EXPECT_EQ(declined.result_int(), 200);
  EXPECT_EQ(declined.body(), "blocking decline");
  EXPECT_EQ(blocking_calls.load(), 1);
  // The route's handler ran on the worker pool, where there is no reactor.
  EXPECT_FALSE(blocking_on_reactor.load());

  const auto thrown = c.get("/fast/throw");
  EXPECT_EQ(thrown.result_int(), 404);
  EXPECT_EQ(problem_of(thrown).at("detail").as_string(), "no such fast thing");

  const auto refused = c.get("/fast/refuse");
  EXPECT_EQ(refused.result_int(), 409);
  EXPECT_EQ(problem_of(refused).at("detail").as_string(), "the reply refused");
  EXPECT_EQ(blocking_calls.load(), 1);

  // The connection is still in order after all of them.
  EXPECT_EQ(c.get("/fast/now").body(), "fast now");
}

TEST(Server, HeadIsAnsweredByGetWithoutABody) {
  TestServer s([](Router& r) { r.get("/book", [](Request&) { return text("twelve bytes"); }); });
  HttpClient c(s.port);
  c.send("HEAD /book HTTP/1.1\r\nHost: test\r\n\r\n");
  const auto h = c.receive(true);
  EXPECT_EQ(h.result_int(), 200);
  EXPECT_EQ(h[bhttp::field::content_length], "12");
  EXPECT_TRUE(h.body().empty());
  // The connection is still in step: no stray body bytes precede the next response.
  const auto g = c.get("/book");
  EXPECT_EQ(g.body(), "twelve bytes");
}

TEST(Server, NotFoundAndMethodNotAllowed) {
  TestServer s([](Router& r) {
    r.get("/books/:id", [](Request&) { return text("book"); });
    r.put("/books/:id", [](Request&) { return text("put"); });
  });
  HttpClient c(s.port);
  const auto nf = c.get("/nothing");
  EXPECT_EQ(nf.result_int(), 404);
  EXPECT_EQ(problem_of(nf).at("instance").as_string(), "/nothing");

  c.send("DELETE /books/1 HTTP/1.1\r\nHost: test\r\n\r\n");
  const auto na = c.receive();
  EXPECT_EQ(na.result_int(), 405);
  EXPECT_EQ(na[bhttp::field::allow], "GET, PUT, HEAD, OPTIONS");
  EXPECT_EQ(problem_of(na).at("status").to_number<int>(), 405);

  c.send("OPTIONS /books/1 HTTP/1.1\r\nHost: test\r\n\r\n");
  const auto opt = c.receive();
  EXPECT_EQ(opt.result_int(), 204);
  EXPECT_EQ(opt[bhttp::field::allow], "GET, PUT, HEAD, OPTIONS");
}

TEST(Server, ErrorBecomesProblemJson) {
  for (const bool blocking : {true, false}) {
    TestServer s([&](Router& r) {
      r.post(
          "/books",
          [](Request&) -> Response {
            throw Error(ErrorCode::validation_failed, "the book is invalid", {{"title", "must not be empty"}});
          },
          RouteOptions{.blocking = blocking});
    });
    HttpClient c(s.port);
    c.send(
        "POST /books HTTP/1.1\r\nHost: test\r\nX-Request-Id: req-42\r\nContent-Type: application/json\r\n"
        "Content-Length: 2\r\n\r\n{}");
    const auto r = c.receive();
    EXPECT_EQ(r.result_int(), 422) << "blocking=" << blocking;
    EXPECT_EQ(r["X-Request-Id"], "req-42");
    const auto doc = problem_of(r);
    EXPECT_EQ(doc.at("type").as_string(), "urn:authorworks:problem:validation-failed");
    EXPECT_EQ(doc.at("title").as_string(), "Validation Failed");
    EXPECT_EQ(doc.at("status").to_number<int>(), 422);
    EXPECT_EQ(doc.at("detail").as_string(), "the book is invalid");
    EXPECT_EQ(doc.at("instance").as_string(), "/books");
    EXPECT_EQ(doc.at("trace_id").as_string(), "req-42");
    EXPECT_EQ(doc.at("errors").as_array().at(0).at("field").as_string(), "title");
    EXPECT_TRUE(r.keep_alive());
  }
}

TEST(Server, UnexpectedExceptionIs500WithoutLeakingTheMessage) {
  for (const bool blocking : {true, false}) {
    TestServer s([&](Router& r) {
      r.get(
          "/crash", [](Request&) -> Response { throw std::runtime_error("password=hunter2 at db.internal"); },
          RouteOptions{.blocking = blocking});
    });
    HttpClient c(s.port);
    const auto r = c.get("/crash");
    EXPECT_EQ(r.result_int(), 500) << "blocking=" << blocking;
    EXPECT_EQ(r.body().find("hunter2"), std::string::npos) << r.body();
    EXPECT_EQ(r.body().find("db.internal"), std::string::npos) << r.body();
    const auto doc = problem_of(r);
    EXPECT_EQ(doc.at("type").as_string(), "urn:authorworks:problem:internal");
    EXPECT_EQ(doc.at("status").to_number<int>(), 500);
    EXPECT_EQ(doc.at("trace_id").as_string(), r["X-Request-Id"]);
    // The connection survives a failed handler.
    EXPECT_EQ(c.get("/crash").result_int(), 500);
  }
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  TestServer s([](Router& r) {
    r.get("/echo/:id", [](Request& req) {
      if (req.param("id") == "1") std::this_thread::sleep_for(100ms);  // the first one is the slow one
      return text("echo " + req.param("id"));
    });
  });
  HttpClient c(s.port);
  c.send(
      "GET /echo/1 HTTP/1.1\r\nHost: test\r\n\r\n"
      "GET /echo/2 HTTP/1.1\r\nHost: test\r\n\r\n");
  const auto first = c.receive();
  const auto second = c.receive();
  EXPECT_EQ(first.result_int(), 200);
  EXPECT_EQ(first.body(), "echo 1");
  EXPECT_EQ(second.result_int(), 200);
  EXPECT_EQ(second.body(), "echo 2");
  EXPECT_TRUE(second.keep_alive());
  // Still open for a third request, then closed when asked.
  c.send("GET /echo/3 HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
  const auto third = c.receive();
  EXPECT_EQ(third.body(), "echo 3");
  EXPECT_FALSE(third.keep_alive());
  EXPECT_TRUE(c.closed_by_server());
}

TEST(Server, SaturatedWorkerPoolAnswers503WithRetryAfter) {
  std::atomic<bool> started{false};
  std::promise<void> release;
  auto released = release.get_future().share();
  TestServer s(
      [&](Router& r) {
        r.get("/slow", [&](Request&) {
          started = true;
          released.wait_for(2s);
          return text("slow");
        });
      },
      1, 1);
  HttpClient first(s.port);
  first.send("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n");
  ASSERT_TRUE(eventually([&] { return started.load(); }));

  HttpClient second(s.port);
  const auto busy = second.get("/slow");
  EXPECT_EQ(busy.result_int(), 503);
  EXPECT_EQ(busy[bhttp::field::retry_after], "1");
  const auto doc = problem_of(busy);
  EXPECT_EQ(doc.at("type").as_string(), "urn:authorworks:problem:unavailable");
  EXPECT_EQ(doc.at("status").to_number<int>(), 503);

  release.set_value();
  const auto done = first.receive();
  EXPECT_EQ(done.result_int(), 200);
  EXPECT_EQ(done.body(), "slow");
  // With the pool free again the refused client is served.
  ASSERT_TRUE(eventually([&] { return s.workers.pending() == 0; }));
  EXPECT_EQ(second.get("/slow").result_int(), 200);
}

TEST(Server, EventStreamDeliversEventsInOrder) {
  std::promise<std::shared_ptr<EventStream>> made;
  std::atomic<int> closed{0};
  TestServer s([&](Router& r) {
    r.get("/events", [&](Request&) {
      auto stream = std::make_shared<EventStream>();
      stream->on_close([&] { ++closed; });
      made.set_value(stream);
      Response response;
      response.stream = stream;
      return response;
    });
  });
  HttpClient c(s.port);
  c.send("GET /events HTTP/1.1\r\nHost: test\r\nAccept-Encoding: gzip\r\n\r\n");
  auto made_future = made.get_future();
  ASSERT_EQ(made_future.wait_for(2s), std::future_status::ready);
  const auto stream = made_future.get();

  // The first event reaches the client while the stream is still open.
  ASSERT_TRUE(stream->push_event("progress", "one", "1"));
  const std::string head = c.read_until("data: one\n\n");
  EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0U) << head;
  EXPECT_NE(head.find("Content-Type: text/event-stream\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Transfer-Encoding: chunked\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Cache-Control: no-cache\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Encoding"), std::string::npos) << head;
  EXPECT_EQ(closed.load(), 0);

  std::string expected = authorworks::http::format_sse("progress", "one", "1");
  std::thread producer([&] {
    for (int i = 2; i <= 20; ++i) stream->push_event("progress", "event " + std::to_string(i));
    stream->push_event("done", "line one\nline two");
    stream->finish();
  });
  producer.join();
  for (int i = 2; i <= 20; ++i) expected += authorworks::http::format_sse("progress", "event " + std::to_string(i));
  expected += authorworks::http::format_sse("done", "line one\nline two");

  const std::string raw = head + c.read_until_closed();  // an event stream ends its connection
  EXPECT_TRUE(raw.ends_with("\r\n0\r\n\r\n")) << raw;

  bhttp::response_parser<bhttp::string_body> parser;
  parser.eager(true);
  beast::error_code ec;
  std::string_view rest = raw;
  while (!rest.empty() && !parser.is_done()) {
    const auto used = parser.put(net::buffer(rest.data(), rest.size()), ec);
    ASSERT_FALSE(ec && ec != bhttp::error::need_more) << ec.message();
    if (used == 0) break;
    rest.remove_prefix(used);
  }
  ASSERT_TRUE(parser.is_done());
  EXPECT_TRUE(parser.chunked());
  EXPECT_EQ(parser.get().body(), expected);
  EXPECT_TRUE(eventually([&] { return closed.load() == 1; }));
  EXPECT_FALSE(stream->push("after the end"));
  EXPECT_EQ(closed.load(), 1);
}

namespace {

class EchoHandler : public WebSocketHandler {
 public:
  void on_open(const std::shared_ptr<WebSocketPeer>& p) override {
    {
      std::lock_guard lock(mutex);
      peer = p;
    }
    p->send(std::make_shared<const std::string>("welcome"));
    opened = true;
  }
  void on_message(std::string_view text) override {
    std::lock_guard lock(mutex);
    peer->send(std::make_shared<const std::string>("echo:" + std::string(text)));
  }
  void on_close() override { ++closes; }

  std::shared_ptr<WebSocketPeer> get_peer() {
    std::lock_guard lock(mutex);
    return peer;
  }
  void release_peer() {
    std::lock_guard lock(mutex);
    peer.reset();
  }

  std::mutex mutex;
  std::shared_ptr<WebSocketPeer> peer;
  std::atomic<bool> opened{false};
  std::atomic<int> closes{0};
};

}  // namespace

TEST(Server, WebSocketEchoAndServerInitiatedSend) {
  auto handler = std::make_shared<EchoHandler>();
  std::string room;
  TestServer s([&](Router& r) {
    r.websocket("/ws/rooms/:room", [&](const Request& req) -> std::shared_ptr<WebSocketHandler> {
      room = req.param("room");
      return handler;
    });
  });
  WsClient c(s.port);
  ASSERT_FALSE(c.handshake("/ws/rooms/lobby"));
  EXPECT_EQ(c.response.result_int(), 101);
  EXPECT_EQ(room, "lobby");
  EXPECT_EQ(c.read(), "welcome");
  ASSERT_TRUE(eventually([&] { return handler->opened.load(); }));
  EXPECT_EQ(s.server->open_connections(), 1U);

  c.write("hello");
  EXPECT_EQ(c.read(), "echo:hello");

  // Sent by the server from a thread of its own, not in answer to anything.
  std::thread pusher([&] { handler->get_peer()->send(std::make_shared<const std::string>("pushed")); });
  pusher.join();
  EXPECT_EQ(c.read(), "pushed");
  EXPECT_TRUE(handler->get_peer()->is_open());

  c.write("again");
  EXPECT_EQ(c.read(), "echo:again");

  c.close();
  EXPECT_TRUE(eventually([&] { return handler->closes.load() == 1; }));
  EXPECT_TRUE(eventually([&] { return s.server->open_connections() == 0; }));
  EXPECT_FALSE(handler->get_peer()->is_open());
  // A peer holds a socket of the server's I/O threads: let it go before the server does.
  handler->release_peer();
}

TEST(Server, WebSocketFactoryErrorRefusesTheUpgrade) {
  TestServer s([](Router& r) {
    r.websocket("/ws/private", [](const Request&) -> std::shared_ptr<WebSocketHandler> {
      throw Error(ErrorCode::unauthenticated, "sign in first");
    });
    r.websocket("/ws/nobody", [](const Request&) -> std::shared_ptr<WebSocketHandler> { return nullptr; });
  });
  {
    WsClient c(s.port);
    const auto ec = c.handshake("/ws/private");
    EXPECT_EQ(ec, websocket::error::upgrade_declined);
    EXPECT_EQ(c.response.result_int(), 401);
    EXPECT_EQ(c.response[bhttp::field::content_type], "application/problem+json");
    EXPECT_NE(c.response.body().find("sign in first"), std::string::npos) << c.response.body();
  }
  {
    WsClient c(s.port);
    EXPECT_EQ(c.handshake("/ws/nobody"), websocket::error::upgrade_declined);
    EXPECT_EQ(c.response.result_int(), 403);
  }
  {
    HttpClient c(s.port);  // a plain GET on a WebSocket route
    EXPECT_EQ(c.get("/ws/private").result_int(), 400);
  }
}

TEST(Server, GracefulShutdownFinishesRequestsInFlight) {
  std::atomic<bool> started{false};
  TestServer s([&](Router& r) {
    r.get(
        "/quick", [](Request&) { return text("quick"); }, RouteOptions{.blocking = false});
    r.get("/slow", [&](Request&) {
      started = true;
      std::this_thread::sleep_for(500ms);
      return text("slow");
    });
  });
  HttpClient idle(s.port);
  ASSERT_EQ(idle.get("/quick").result_int(), 200);  // now an idle keep-alive connection
  HttpClient busy(s.port);
  busy.send("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n");
  ASSERT_TRUE(eventually([&] { return started.load(); }));
  EXPECT_EQ(s.server->open_connections(), 2U);

  std::chrono::steady_clock::duration took{};
  std::thread stopper([&] {
    const auto t0 = std::chrono::steady_clock::now();
    s.server->shutdown(5s);
    took = std::chrono::steady_clock::now() - t0;
  });
  // The idle connection is closed at once, without a response.
  EXPECT_TRUE(idle.closed_by_server());
  // The request in flight still gets its answer, and is told the connection closes.
  const auto r = busy.receive();
  EXPECT_EQ(r.result_int(), 200);
  EXPECT_EQ(r.body(), "slow");
  EXPECT_FALSE(r.keep_alive());
  EXPECT_TRUE(busy.closed_by_server());
  stopper.join();
  EXPECT_EQ(s.server->open_connections(), 0U);
  EXPECT_LT(took, 2s);  // it did not wait for the grace period once nothing was left
  // No longer listening.
  net::io_context ioc;
  tcp::socket socket(ioc);
  EXPECT_ANY_THROW(connect(ioc, socket, s.port));
}
