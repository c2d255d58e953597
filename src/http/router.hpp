#pragma once
// Routes with path parameters (`/api/v1/books/:id`) and a trailing wildcard (`/assets/*path`).
// Literal segments win over parameters, so `/books/generate` is not taken for `/books/:id`.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/websocket.hpp"

namespace authorworks::http {

using Handler = std::function<Response(Request&)>;

// Given to a non-blocking handler: call it once with the code that makes the response. The server
// runs that code on the request's I/O thread and answers what it throws (an Error as
// problem+json, anything else as a 500), as it does for a handler.
using Reply = std::function<void(std::function<Response()> respond)>;
// A faster way to answer a blocking route, tried first on the request's I/O thread, where nothing
// may block: it checks what it can in memory and starts non-blocking work (Database::query_async)
// whose completion calls `reply`, then returns true. It returns false, without calling `reply`,
// when it cannot answer without blocking (a session it must look up, no idle database connection):
// the route's handler then runs on the worker pool as usual. A throw before `reply` is called is
// answered like a handler's.
using NonBlockingHandler = std::function<bool(Request&, const Reply&)>;

struct RouteOptions {
  // Blocking handlers (database, HTTP clients, files) run on the bounded worker pool; only cheap,
  // non-blocking handlers (health, metrics) may run inline on an I/O thread.
  bool blocking = true;
  // For blocking routes: tried first, on the I/O thread (see NonBlockingHandler).
  NonBlockingHandler non_blocking{};
  // Largest accepted body in bytes; 0 means the server's default.
  std::size_t body_limit = 0;
  // Large uploads: the body is written to a temporary file as it arrives (Request::body_file)
  // instead of being held in memory; the file is removed when the request ends.
  bool spool_body = false;
};

struct Route {
  Method method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
  WebSocketFactory websocket;  // set for WebSocket routes (method GET)
  std::vector<std::string> segments;
};

struct RouteMatch {
  enum class Kind { found, not_found, method_not_allowed };
  Kind kind = Kind::not_found;
  const Route* route = nullptr;
  std::unordered_map<std::string, std::string> params;
  std::vector<Method> allowed;  // for 405: the methods the path does answer to
};

class Router {
 public:
  void add(Method method, std::string pattern, Handler handler, RouteOptions options = {});
  void get(std::string pattern, Handler h, RouteOptions o = {}) {
    add(Method::get, std::move(pattern), std::move(h), o);
  }
  void post(std::string pattern, Handler h, RouteOptions o = {}) {
    add(Method::post, std::move(pattern), std::move(h), o);
  }
  void put(std::string pattern, Handler h, RouteOptions o = {}) {
    add(Method::put, std::move(pattern), std::move(h), o);
  }
  void patch(std::string pattern, Handler h, RouteOptions o = {}) {
    add(Method::patch, std::move(pattern), std::move(h), o);
  }
  void del(std::string pattern, Handler h, RouteOptions o = {}) {
    add(Method::del, std::move(pattern), std::move(h), o);
  }
  void websocket(std::string pattern, WebSocketFactory factory);

  // Answers GET and HEAD requests that match no route (the web app's static files).
  void set_fallback(Handler handler, RouteOptions options = {});
  const Route* fallback() const noexcept { return fallback_.get(); }

  // HEAD is answered by the GET route of the same path.
  RouteMatch match(Method method, std::string_view path) const;

  const std::vector<std::unique_ptr<Route>>& routes() const noexcept { return routes_; }

 private:
  std::vector<std::unique_ptr<Route>> routes_;
  std::unique_ptr<Route> fallback_;
};

// "GET, HEAD, POST" for an Allow header.
std::string allow_header(const std::vector<Method>& methods);

}  // namespace authorworks::http
