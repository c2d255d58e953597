#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <filesystem>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "http/body_stream.hpp"
#include "http/compression.hpp"
#include "http/event_stream.hpp"
#include "http/server_internal.hpp"
#include "http/trace.hpp"
#include "observability/metrics.hpp"
#include "runtime/worker_pool.hpp"

namespace authorworks::http::detail {
namespace {

constexpr auto kWriteTimeout = std::chrono::seconds(60);
constexpr auto kEventStreamKeepAlive = std::chrono::seconds(15);

class HttpConnection final : public Tracked, public Expirable, public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(tcp::socket s, IoThread& thread) : socket(std::move(s)), io(thread) { io.expirables.insert(this); }
  ~HttpConnection() override { io.expirables.erase(this); }

  void begin_shutdown() override {
    net::post(socket.get_executor(), [self = shared_from_this()] {
      if (!self->busy) self->close();
      if (self->event_timer) self->event_timer->cancel();
    });
  }
  void force_close() override {
    net::post(socket.get_executor(), [self = shared_from_this()] { self->close(); });
  }
  void check_deadline(Clock::time_point now) override {
    if (now < deadline) return;
    timed_out = true;
    deadline = Clock::time_point::max();
    boost::system::error_code ec;
    socket.cancel(ec);
  }
  void expires_after(Clock::duration d) {
    deadline = Clock::now() + d;
    timed_out = false;
  }
  void expires_never() { deadline = Clock::time_point::max(); }
  void close() {
    boost::system::error_code ec;
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
  }

  tcp::socket socket;
  IoThread& io;
  Clock::time_point deadline = Clock::time_point::max();
  bool timed_out = false;
  bool busy = false;  // touched only on the connection's thread
  std::shared_ptr<net::steady_timer> event_timer;
};

struct Outcome {
  Response response;
  std::string_view route = "unmatched";
  std::shared_ptr<WebSocketHandler> websocket;
};

Response problem_for(const Error& e, const Request& request) {
  return Response::problem(e, request.path, request.trace_id);
}

Response make_error(ErrorCode code, std::string detail, const Request& request) {
  return problem_for(Error(code, std::move(detail)), request);
}

Response invoke(const Handler& handler, Request& request) {
  try {
    return handler(request);
  } catch (const Error& e) {
    return problem_for(e, request);
  } catch (const std::exception& e) {
    log::error("request failed", {{"route", request.route}, {"trace_id", request.trace_id}, {"error", e.what()}});
    return make_error(ErrorCode::internal,
                      "the server failed to handle this request; the trace id names it in the logs", request);
  }
}

// Runs `handler` on the worker pool and resumes on the connection's thread; a full pool answers 503.
net::awaitable<Response> run_blocking(ServerState& state, const Handler& handler, Request& request) {
  auto executor = co_await net::this_coro::executor;
  co_return co_await net::async_initiate<decltype(net::use_awaitable), void(Response)>(
      [&state, &handler, &request, executor](auto completion) {
        auto shared = std::make_shared<decltype(completion)>(std::move(completion));
        const bool queued = state.workers.try_post([shared, &handler, &request, executor] {
          Response r = invoke(handler, request);
          net::post(executor, [shared, r = std::move(r)]() mutable { (*shared)(std::move(r)); });
        });
        if (!queued) {
          Response busy = problem_for(
              Error(ErrorCode::unavailable, "the server is at capacity; retry in a moment").with_retry_after(1),
              request);
          net::post(executor, [shared, busy = std::move(busy)]() mutable { (*shared)(std::move(busy)); });
        }
      },
      net::use_awaitable);
}

// Runs a route's non-blocking handler on this I/O thread; nullopt when it declined, and the
// route's blocking handler must run instead.
net::awaitable<std::optional<Response>> run_non_blocking(const NonBlockingHandler& handler, Request& request) {
  auto executor = co_await net::this_coro::executor;
  co_return co_await net::async_initiate<decltype(net::use_awaitable), void(std::optional<Response>)>(
      [&handler, &request, executor](auto completion) {
        auto shared = std::make_shared<decltype(completion)>(std::move(completion));
        // The coroutine resumes through the executor, never inside the handler's own call.
        auto answered = std::make_shared<bool>(false);
        auto answer = [shared, executor, answered](std::optional<Response> r) {
          if (std::exchange(*answered, true)) return;
          net::post(executor, [shared, r = std::move(r)]() mutable { (*shared)(std::move(r)); });
        };
        const Reply reply = [answer, &request](std::function<Response()> respond) {
          answer(invoke([&respond](Request&) { return respond(); }, request));
        };
        try {
          if (!handler(request, reply)) answer(std::nullopt);
        } catch (const Error& e) {
          answer(problem_for(e, request));
        } catch (const std::exception& e) {
          log::error("request failed", {{"route", request.route}, {"trace_id", request.trace_id}, {"error", e.what()}});
          answer(make_error(ErrorCode::internal,
                            "the server failed to handle this request; the trace id names it in the logs", request));
        }
      },
      net::use_awaitable);
}

void finalize(const ServerState& state, const Request& request, Response& response) {
  state.cors.decorate(request, response);
  response.headers.set("X-Request-Id", request.trace_id);
  if (should_gzip(request, response)) apply_gzip(response);
}

bool has_body(unsigned status) { return status >= 200 && status != 204 && status != 304; }

// The status line and headers of a response, serialised by hand: for ordinary responses this is
// far cheaper than Beast's general serializer.
std::string head_of(const Response& r, unsigned version, bool keep_alive, std::optional<std::uint64_t> content_length,
                    bool chunked) {
  std::string out;
  out.reserve(160 + r.body.size());
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  char num[24];
  auto [end, ec] = std::to_chars(num, num + sizeof num, r.status);
  out.append(num, end);
  out += ' ';
  out += bhttp::obsolete_reason(static_cast<bhttp::status>(r.status));
  out += "\r\n";
  for (const auto& [name, value] : r.headers.entries()) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (content_length) {
    out += "Content-Length: ";
    auto [e2, ec2] = std::to_chars(num, num + sizeof num, *content_length);
    out.append(num, e2);
    out += "\r\n";
  }
  if (chunked) out += "Transfer-Encoding: chunked\r\n";
  if (!keep_alive) {
    out += "Connection: close\r\n";
  } else if (version == 10) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
  (void)ec;
  return out;
}

net::awaitable<bool> write_all(HttpConnection& conn, std::string_view data) {
  conn.expires_after(kWriteTimeout);
  auto [ec, n] = co_await net::async_write(conn.socket, net::buffer(data), as_tuple_awaitable);
  co_return !ec;
}

// Sends an error on a connection whose request could not be read; the caller then closes it.
net::awaitable<void> send_and_close(HttpConnection& conn, Response response, const Request& request) {
  response.headers.set("X-Request-Id", request.trace_id);
  std::string out = head_of(response, 11, false, response.body.size(), false);
  out += response.body;
  co_await write_all(conn, out);
}

net::awaitable<void> write_event_stream(ServerState& state, HttpConnection& conn, Response& response,
                                        unsigned version) {
  auto events = response.stream;
  response.headers.set("Content-Type", "text/event-stream");
  response.headers.set("Cache-Control", "no-cache");
  response.headers.set("X-Accel-Buffering", "no");
  if (!co_await write_all(conn, head_of(response, version, true, std::nullopt, true))) {
    events->close();
    co_return;
  }
  auto executor = co_await net::this_coro::executor;
  conn.event_timer = std::make_shared<net::steady_timer>(executor);
  std::weak_ptr<net::steady_timer> weak_timer = conn.event_timer;
  // Set on the connection's thread when the producer pushed; a push that lands while a write is in
  // progress cannot cancel a wait that has not started yet, so the loop checks this before waiting.
  auto woken = std::make_shared<bool>(false);
  events->set_notifier([executor, weak_timer, woken] {
    net::post(executor, [weak_timer, woken] {
      *woken = true;
      if (auto t = weak_timer.lock()) t->cancel();
    });
  });
  auto chunk = [](std::string_view data) {
    char size[20];
    const auto [end, ec] = std::to_chars(size, size + sizeof size, data.size(), 16);
    std::string out(size, end);
    out += "\r\n";
    out += data;
    out += "\r\n";
    (void)ec;
    return out;
  };
  bool ok = true;
  while (ok) {
    *woken = false;
    auto drained = events->drain();
    std::string batch;
    for (const auto& c : drained.chunks) batch += chunk(c);
    if (!batch.empty()) ok = co_await write_all(conn, batch);
    if (!ok) break;
    if (drained.finished || state.stopping) {
      co_await write_all(conn, "0\r\n\r\n");
      break;
    }
    if (*woken) continue;  // more arrived while the batch was being written
    conn.expires_never();
    conn.event_timer->expires_after(kEventStreamKeepAlive);
    auto [tec] = co_await conn.event_timer->async_wait(as_tuple_awaitable);
    if (!tec) ok = co_await write_all(conn, chunk(": keep-alive\n\n"));
  }
  events->close();
  conn.event_timer.reset();
}

// Sends a body produced while it is sent; returns whether the connection may stay open (only
// when the whole body went out with a known length).
net::awaitable<bool> write_body_stream(HttpConnection& conn, const Request& request, Response& response,
                                       unsigned version, bool keep_alive, std::size_t& bytes) {
  auto body = response.body_stream;
  struct Closer {
    std::shared_ptr<BodyStream> body;
    ~Closer() { body->close(); }
  } closer{body};
  const auto length = body->length();
  const bool chunked = !length && version != 10;
  if (!length && !chunked) keep_alive = false;  // HTTP/1.0: the body ends with the connection
  if (!co_await write_all(conn, head_of(response, version, keep_alive, length, chunked))) co_return false;
  if (request.method == Method::head) co_return keep_alive;
  auto executor = co_await net::this_coro::executor;
  auto timer = std::make_shared<net::steady_timer>(executor);
  std::weak_ptr<net::steady_timer> weak_timer = timer;
  auto woken = std::make_shared<bool>(false);
  body->set_notifier([executor, weak_timer, woken] {
    net::post(executor, [weak_timer, woken] {
      *woken = true;
      if (auto t = weak_timer.lock()) t->cancel();
    });
  });
  std::uint64_t sent = 0;
  while (true) {
    *woken = false;
    // Everything written before finish() comes with the drain that sees it finished.
    auto drained = body->drain();
    if (!drained.bytes.empty()) {
      sent += drained.bytes.size();
      if (length && sent > *length) co_return false;  // more than promised: cut it short
      if (chunked) {
        char size[20];
        const auto [end, ec] = std::to_chars(size, size + sizeof size, drained.bytes.size(), 16);
        (void)ec;
        drained.bytes.insert(0, std::string(size, end) + "\r\n");
        drained.bytes += "\r\n";
      }
      if (!co_await write_all(conn, drained.bytes)) co_return false;
      bytes = static_cast<std::size_t>(sent);
    }
    if (drained.failed) co_return false;
    if (drained.finished) {
      if (length && sent != *length) co_return false;
      if (chunked && !co_await write_all(conn, "0\r\n\r\n")) co_return false;
      co_return keep_alive;
    }
    if (*woken) continue;
    conn.expires_never();
    timer->expires_after(kWriteTimeout);  // a producer silent this long is taken for dead
    auto [tec] = co_await timer->async_wait(as_tuple_awaitable);
    if (!tec && !*woken) co_return false;
  }
}

// Writes `response`; returns whether the connection may stay open.
net::awaitable<bool> write_response(ServerState& state, HttpConnection& conn, const Request& request,
                                    Response& response, unsigned version, bool keep_alive, std::size_t& bytes) {
  if (response.stream) {
    co_await write_event_stream(state, conn, response, version);
    co_return false;  // an event stream always ends the connection
  }
  if (response.body_stream) {
    co_return co_await write_body_stream(conn, request, response, version, keep_alive, bytes);
  }
  const bool head = request.method == Method::head;
  if (response.file && response.status != 304) {
    beast::error_code ec;
    beast::file file;
    file.open(response.file->c_str(), beast::file_mode::scan, ec);
    const std::uint64_t size = ec ? 0 : file.size(ec);
    if (ec || response.file_offset > size) {
      Response missing = make_error(ErrorCode::not_found, "the file is no longer available", request);
      finalize(state, request, missing);
      co_return co_await write_response(state, conn, request, missing, version, keep_alive, bytes);
    }
    std::uint64_t remaining = std::min<std::uint64_t>(response.file_length.value_or(size - response.file_offset),
                                                      size - response.file_offset);
    bytes = static_cast<std::size_t>(remaining);
    if (!co_await write_all(conn, head_of(response, version, keep_alive, remaining, false))) co_return false;
    if (head) co_return keep_alive;
    file.seek(response.file_offset, ec);
    std::vector<char> chunk(64 * 1024);
    while (remaining > 0 && !ec) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, chunk.size()));
      const auto got = file.read(chunk.data(), want, ec);
      if (ec || got == 0) break;
      if (!co_await write_all(conn, std::string_view(chunk.data(), got))) co_return false;
      remaining -= got;
    }
    // A file that shrank while being sent leaves the response short: the connection must close.
    co_return remaining == 0 && keep_alive;
  }
  const bool body_allowed = has_body(response.status);
  bytes = body_allowed ? response.body.size() : 0;
  std::string out =
      head_of(response, version, keep_alive, body_allowed ? std::optional<std::uint64_t>(bytes) : std::nullopt, false);
  if (body_allowed && !head) out += response.body;
  co_return co_await write_all(conn, out) && keep_alive;
}

// Everything between a parsed request and its response: CORS, routing, the handler.
net::awaitable<Outcome> dispatch(ServerState& state, Request& request, bool is_upgrade) {
  Outcome out;
  auto match = state.router.match(request.method, request.path);
  if (request.method == Method::options) {
    std::vector<Method> allowed = match.allowed;
    if (match.kind == RouteMatch::Kind::found) {
      allowed = {match.route->method};
      if (match.route->method == Method::get) allowed.push_back(Method::head);
      allowed.push_back(Method::options);
    }
    if (CorsPolicy::is_preflight(request)) {
      if (match.kind == RouteMatch::Kind::not_found) {
        allowed = {Method::get, Method::head, Method::post, Method::put, Method::patch, Method::del, Method::options};
      }
      out.response = state.cors.preflight(request, allowed);
      out.route = "preflight";
      co_return out;
    }
    if (match.kind == RouteMatch::Kind::not_found) {
      out.response = make_error(ErrorCode::not_found, "no route answers " + request.path, request);
      co_return out;
    }
    out.response = Response::no_content();
    out.response.headers.set("Allow", allow_header(allowed));
    if (match.route != nullptr) out.route = match.route->pattern;
    co_return out;
  }
  if (match.kind == RouteMatch::Kind::method_not_allowed) {
    out.response = make_error(ErrorCode::method_not_allowed,
                              std::string(to_string(request.method)) + " is not allowed on " + request.path +
                                  "; allowed: " + allow_header(match.allowed),
                              request);
    out.response.headers.set("Allow", allow_header(match.allowed));
    co_return out;
  }
  const Route* route = match.route;
  if (match.kind == RouteMatch::Kind::not_found) {
    // The fallback (the web app) never answers inside the API's namespace: an unknown API path is a
    // problem+json 404, whatever files are being served.
    const bool api_path = request.path == "/api" || request.path.starts_with("/api/") || request.path == "/ws" ||
                          request.path.starts_with("/ws/");
    const bool may_fall_back = (request.method == Method::get || request.method == Method::head) && !api_path;
    route = may_fall_back ? state.router.fallback() : nullptr;
    if (route == nullptr) {
      out.response = make_error(ErrorCode::not_found, "no route answers " + request.path, request);
      co_return out;
    }
  }
  request.route = route->pattern;
  request.params = std::move(match.params);
  out.route = route->pattern;
  if (route->websocket) {
    if (!is_upgrade) {
      out.response = make_error(ErrorCode::bad_request,
                                request.path + " is a WebSocket endpoint; send an Upgrade request", request);
      co_return out;
    }
    std::shared_ptr<WebSocketHandler> accepted;
    Handler accept = [&route, &accepted](Request& r) -> Response {
      accepted = route->websocket(r);
      if (!accepted) throw Error(ErrorCode::forbidden, "the WebSocket was refused");
      return Response{};
    };
    out.response = co_await run_blocking(state, accept, request);
    if (out.response.status < 400) out.websocket = std::move(accepted);
    co_return out;
  }
  if (route->options.blocking && route->options.non_blocking) {
    if (auto answered = co_await run_non_blocking(route->options.non_blocking, request)) {
      out.response = std::move(*answered);
      co_return out;
    }
  }
  if (route->options.blocking) {
    out.response = co_await run_blocking(state, route->handler, request);
  } else {
    out.response = invoke(route->handler, request);
  }
  co_return out;
}

void log_request(const Request& request, std::string_view route, unsigned status, double seconds, std::size_t bytes) {
  if (!log::enabled(LogLevel::info)) return;
  log::info("request", {{"method", to_string(request.method)},
                        {"route", route},
                        {"path", request.path},
                        {"status", status},
                        {"duration_ms", seconds * 1000.0},
                        {"bytes", bytes},
                        {"trace_id", request.trace_id},
                        {"peer", request.peer_address}});
}

// A spooled request body's temporary file, removed when the request ends however it ends.
struct SpoolFile {
  std::filesystem::path path;
  SpoolFile() = default;
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;
  ~SpoolFile() { remove(); }
  void remove() {
    if (path.empty()) return;
    std::error_code ec;
    std::filesystem::remove(path, ec);
    path.clear();
  }
};

// Reads the rest of the body into a new file under the spool folder, piece by piece, so that no
// more than the connection's buffer is ever held in memory. Each piece must arrive within the
// body timeout: a large upload may take long, a stalled one may not. The writes go to the page
// cache (as nginx's client_body_temp_path does), which is why they are done on this thread.
// Sets `disk_failed` when the file cannot be made or written (the error is then the disk's).
net::awaitable<boost::system::error_code> read_body_to_file(HttpConnection& conn, beast::flat_buffer& buffer,
                                                            bhttp::request_parser<bhttp::string_body>& head,
                                                            std::size_t limit, const ServerOptions& opts,
                                                            SpoolFile& spooled, bool& disk_failed) {
  std::error_code fs_ec;
  const auto folder = opts.spool_dir.empty() ? std::filesystem::temp_directory_path(fs_ec) : opts.spool_dir;
  std::filesystem::create_directories(folder, fs_ec);
  bhttp::request_parser<bhttp::file_body> parser(std::move(head));
  parser.body_limit(limit);
  beast::error_code ec;
  const auto path = folder / ("body-" + random_hex(16));
  parser.get().body().open(path.c_str(), beast::file_mode::write_new, ec);
  if (ec) {
    log::error("cannot create a spool file", {{"path", path.string()}, {"error", ec.message()}});
    disk_failed = true;
    co_return ec;
  }
  spooled.path = path;
  while (!parser.is_done()) {
    conn.expires_after(opts.body_timeout);
    auto [read_ec, n] = co_await bhttp::async_read_some(conn.socket, buffer, parser, as_tuple_awaitable);
    if (read_ec) {
      const bool disk = read_ec.category() == boost::system::system_category() &&
                        (read_ec.value() == ENOSPC || read_ec.value() == EIO || read_ec.value() == EDQUOT ||
                         read_ec.value() == EFBIG);
      if (disk) {
        log::error("cannot write a spool file", {{"path", path.string()}, {"error", read_ec.message()}});
        disk_failed = true;
      }
      co_return read_ec;
    }
  }
  parser.get().body().close();
  co_return boost::system::error_code{};
}

bool is_disconnect(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::broken_pipe || ec == net::error::bad_descriptor;
}

}  // namespace

net::awaitable<void> run_http_session(std::shared_ptr<ServerState> state, IoThread& io, tcp::socket socket) {
  auto conn = std::make_shared<HttpConnection>(std::move(socket), io);
  state->track(conn);
  struct Untrack {
    std::shared_ptr<ServerState> s;
    std::shared_ptr<HttpConnection> c;
    ~Untrack() { s->untrack(c); }
  } untrack{state, conn};

  boost::system::error_code peer_ec;
  const auto peer = conn->socket.remote_endpoint(peer_ec);
  const std::string peer_address = peer_ec ? std::string("unknown") : peer.address().to_string();
  const auto& opts = state->options;

  // Bounded: pipelined requests beyond this wait in the socket until earlier ones are answered.
  beast::flat_buffer buffer(opts.header_limit + 64 * 1024);
  bool first = true;
  while (!state->stopping) {
    conn->busy = false;
    if (buffer.size() == 0) {
      conn->expires_after(first ? opts.header_timeout : opts.idle_timeout);
      auto [ec, n] = co_await conn->socket.async_read_some(buffer.prepare(4096), as_tuple_awaitable);
      if (ec) break;  // closed, or idle too long: nothing was asked, so nothing is answered
      buffer.commit(n);
    }
    first = false;
    conn->busy = true;
    const auto started = Clock::now();

    Request request;
    request.peer_address = peer_address;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(opts.header_limit));
    // No limit while reading the head: Beast would refuse a large Content-Length there as a
    // parse error (400). The route's limit is applied below, once the route is known (413).
    parser.body_limit(boost::none);
    conn->expires_after(opts.header_timeout);
    auto [hec, hn] = co_await bhttp::async_read_header(conn->socket, buffer, parser, as_tuple_awaitable);
    if (hec) {
      request.trace_id = random_hex(16);
      if (conn->timed_out) {
        co_await send_and_close(
            *conn, make_error(ErrorCode::request_timeout, "the request headers did not arrive in time", request),
            request);
      } else if (hec == bhttp::error::header_limit) {
        co_await send_and_close(
            *conn,
            make_error(ErrorCode::headers_too_large,
                       "the request headers are larger than " + std::to_string(opts.header_limit) + " bytes", request),
            request);
      } else if (!is_disconnect(hec) && hec != net::error::operation_aborted) {
        co_await send_and_close(
            *conn, make_error(ErrorCode::bad_request, "malformed HTTP request: " + hec.message(), request), request);
      }
      break;
    }
    auto& header = parser.get();
    const unsigned version = header.version();
    for (const auto& field : header) request.headers.add(field.name_string(), field.value());
    request.method = parse_method(header.method_string());
    request.trace_id = trace_id_for(request.headers);
    state->metrics.request_started();

    Outcome outcome;
    SpoolFile spooled;  // removed when this request is done with
    bool read_ok = true;
    try {
      request.set_target(header.target());
    } catch (const Error& e) {
      outcome.response = problem_for(e, request);
      read_ok = false;
    }
    if (read_ok && request.method == Method::other) {
      outcome.response = make_error(ErrorCode::method_not_allowed,
                                    "method " + std::string(header.method_string()) + " is not supported", request);
      const auto match = state->router.match(Method::other, request.path);
      if (!match.allowed.empty()) outcome.response.headers.set("Allow", allow_header(match.allowed));
      read_ok = false;
    }

    bool keep_alive = header.keep_alive();
    // A refused request's body is never read: it must not be taken for the next request.
    if (!read_ok && !parser.is_done()) keep_alive = false;
    bool spool = false;
    bool disk_failed = false;
    std::size_t limit = opts.body_limit;
    if (read_ok && !parser.is_done()) {
      // The body limit depends on the route.
      const auto match = state->router.match(request.method, request.path);
      if (match.route != nullptr && match.route->options.body_limit != 0) limit = match.route->options.body_limit;
      spool = match.route != nullptr && match.route->options.spool_body;
      parser.body_limit(limit);
      const auto length = parser.content_length();
      if (length && *length > limit) {
        outcome.response = make_error(ErrorCode::payload_too_large,
                                      "the request body is " + std::to_string(*length) + " bytes; the limit here is " +
                                          std::to_string(limit) + " bytes",
                                      request);
        read_ok = false;
        keep_alive = false;  // the unread body would be taken for the next request
      }
    }
    if (read_ok && !parser.is_done()) {
      if (const auto expect = request.header("Expect"); expect && iequals(*expect, "100-continue")) {
        co_await write_all(*conn, version == 10 ? "HTTP/1.0 100 Continue\r\n\r\n" : "HTTP/1.1 100 Continue\r\n\r\n");
      }
      boost::system::error_code bec;
      if (spool) {
        bec = co_await read_body_to_file(*conn, buffer, parser, limit, opts, spooled, disk_failed);
        if (!bec) request.body_file = spooled.path;
      } else {
        conn->expires_after(opts.body_timeout);
        auto [read_ec, bn] = co_await bhttp::async_read(conn->socket, buffer, parser, as_tuple_awaitable);
        bec = read_ec;
      }
      if (bec) {
        keep_alive = false;
        read_ok = false;
        if (conn->timed_out) {
          outcome.response = make_error(ErrorCode::request_timeout, "the request body did not arrive in time", request);
        } else if (disk_failed) {
          outcome.response = make_error(ErrorCode::unavailable, "the server could not store the request body", request);
        } else if (bec == bhttp::error::body_limit) {
          outcome.response =
              make_error(ErrorCode::payload_too_large, "the request body is larger than the limit", request);
        } else if (is_disconnect(bec)) {
          state->metrics.request_finished(to_string(request.method), "unmatched", 499, 0);
          break;
        } else {
          outcome.response =
              make_error(ErrorCode::bad_request, "malformed HTTP request body: " + bec.message(), request);
        }
      }
    }
    if (read_ok) {
      request.body = std::move(parser.get().body());
      outcome = co_await dispatch(*state, request, beast::websocket::is_upgrade(parser.get()));
      spooled.remove();  // the handler is done with it: gone before the client hears the answer
    }

    if (outcome.websocket) {
      const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
      state->metrics.request_finished(to_string(request.method), outcome.route, 101, seconds);
      log_request(request, outcome.route, 101, seconds, 0);
      conn->busy = false;
      conn->expires_never();
      state->untrack(conn);
      auto upgrade = parser.release();
      co_await run_websocket_session(state, std::move(conn->socket), std::move(upgrade), std::move(outcome.websocket));
      co_return;
    }

    finalize(*state, request, outcome.response);
    if (state->stopping) keep_alive = false;
    const unsigned status = outcome.response.status;
    std::size_t bytes = 0;
    const bool stay = co_await write_response(*state, *conn, request, outcome.response, version, keep_alive, bytes);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    state->metrics.request_finished(to_string(request.method), outcome.route, status, seconds);
    log_request(request, outcome.route, status, seconds, bytes);
    if (!stay) break;
  }
  conn->close();
}

}  // namespace authorworks::http::detail
