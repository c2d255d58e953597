// Feeds arbitrary bytes to the HTTP request parser the server uses (same limits), then takes every
// request it accepts through what the server does with one: the request target, routing, the
// query string and the JSON body. Only authorworks::Error may escape the project's code; anything
// else (another exception, a sanitizer report, a broken invariant) is a crash.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/text.hpp"
#include "http/request.hpp"
#include "http/router.hpp"

namespace {

namespace bhttp = boost::beast::http;
using authorworks::Error;
using namespace authorworks::http;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

const Router& router() {
  static const Router* instance = [] {
    auto* r = new Router;
    const auto ok = [](Request&) { return Response::no_content(); };
    r->get("/health", ok);
    r->get("/api/v1/books", ok);
    r->post("/api/v1/books", ok);
    r->get("/api/v1/books/generate", ok);
    r->get("/api/v1/books/:id", ok);
    r->put("/api/v1/books/:id", ok);
    r->del("/api/v1/books/:id", ok);
    r->get("/api/v1/books/:id/chapters/:chapter/scenes", ok);
    r->post("/api/v1/books/:id/chapters/:chapter/scenes", ok);
    r->get("/assets/*path", ok);
    return r;
  }();
  return *instance;
}

void check_match(const RouteMatch& match) {
  switch (match.kind) {
    case RouteMatch::Kind::found:
      check(match.route != nullptr);
      // Every parameter of the route is present; nothing else is.
      {
        std::size_t names = 0;
        for (const auto& segment : match.route->segments) {
          if (segment.front() == ':' || segment.front() == '*') {
            ++names;
            check(match.params.contains(segment.substr(1)));
          }
        }
        check(names == match.params.size());
      }
      break;
    case RouteMatch::Kind::method_not_allowed:
      check(match.route == nullptr && !match.allowed.empty() && match.allowed.back() == Method::options);
      break;
    case RouteMatch::Kind::not_found: check(match.route == nullptr && match.allowed.empty()); break;
  }
}

// Percent-encoding every byte and decoding it again gives back the input.
void check_percent_round_trip(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    encoded += '%';
    encoded += hex[b >> 4];
    encoded += hex[b & 0xF];
  }
  const auto decoded = authorworks::percent_decode(encoded, true);
  check(decoded.has_value() && *decoded == text);
}

void exercise(const bhttp::request<bhttp::string_body>& message, bool complete) {
  Request request;
  for (const auto& field : message) request.headers.add(field.name_string(), field.value());
  request.method = parse_method(message.method_string());
  const std::string_view target = message.target();

  for (const bool plus : {false, true}) {
    if (const auto decoded = authorworks::percent_decode(target, plus)) {
      check(decoded->size() <= target.size());
      (void)authorworks::is_valid_utf8(*decoded);
    }
  }
  check_percent_round_trip(target);

  try {
    request.set_target(target);
  } catch (const Error&) {
    return;
  }
  check(request.target == target);
  check(!request.path.empty() && request.path.front() == '/');
  check(authorworks::is_valid_utf8(request.path));
  check(request.path.find('\0') == std::string::npos);

  for (const auto method : {request.method, Method::get, Method::head, Method::post}) {
    auto match = router().match(method, request.path);
    check_match(match);
    if (method == request.method && match.kind == RouteMatch::Kind::found) {
      request.route = match.route->pattern;
      request.params = std::move(match.params);
    }
  }
  for (const auto& [name, value] : request.params) check(request.param(name) == value);

  // The query keys the API reads, and the first key of this query string.
  std::string first_key = request.query_string.substr(0, request.query_string.find_first_of("=&"));
  if (const auto decoded = authorworks::percent_decode(first_key, true)) first_key = *decoded;
  for (const std::string_view key : {std::string_view("q"), std::string_view("page"), std::string_view(first_key)}) {
    try {
      if (const auto value = request.query(key)) check(authorworks::is_valid_utf8(*value));
    } catch (const Error&) {
    }
  }

  if (!complete) return;
  request.body = message.body();
  try {
    const auto value = request.json();
    // What was accepted serialises to valid UTF-8 and parses back to the same value.
    const auto text = boost::json::serialize(value);
    check(authorworks::is_valid_utf8(text));
    check(boost::json::parse(text) == value);
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)authorworks::is_valid_utf8(input);

  // Like the server: parse, answer, and go on with the next request on the same connection.
  for (int requests = 0; requests < 8 && !input.empty(); ++requests) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(1024 * 1024);
    parser.eager(true);
    boost::beast::error_code ec;
    while (!input.empty() && !parser.is_done()) {
      const auto used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
      input.remove_prefix(used);
      if (ec || used == 0) break;
    }
    if (ec && ec != bhttp::error::need_more) {
      if (parser.is_header_done()) exercise(parser.get(), false);
      return 0;
    }
    if (!parser.is_header_done()) return 0;
    exercise(parser.get(), parser.is_done());
    if (!parser.is_done()) return 0;
  }
  return 0;
}
