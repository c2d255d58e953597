#pragma once
#include <boost/json/fwd.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/headers.hpp"

namespace authorworks::http {

enum class Method { get, head, post, put, patch, del, options, other };

std::string_view to_string(Method m) noexcept;
Method parse_method(std::string_view text) noexcept;

class Request {
 public:
  Method method = Method::get;
  std::string target;        // as sent: path and query
  std::string path;          // percent-decoded path, validated UTF-8
  std::string query_string;  // raw, without '?'
  Headers headers;
  std::string body;
  // For routes with RouteOptions::spool_body: the file holding the body (body stays empty); unset
  // when the request had no body. The server removes it once the response is sent.
  std::optional<std::filesystem::path> body_file;
  std::string peer_address;  // the TCP peer, never a forwarded header
  std::string trace_id;
  std::string route;  // the matched route template, e.g. /api/v1/books/:id
  std::unordered_map<std::string, std::string> params;
  std::chrono::steady_clock::time_point received_at = std::chrono::steady_clock::now();

  std::optional<std::string_view> header(std::string_view name) const noexcept { return headers.get(name); }

  // Sets target, path and query_string from a request target as sent; throws Error(bad_request)
  // when it is not a path, has a malformed escape, or decodes to invalid UTF-8 or a NUL byte.
  void set_target(std::string_view raw_target);

  // Path parameter by name; the router guarantees that every parameter of the route is present.
  const std::string& param(const std::string& name) const;

  // Query parameter (decoded); throws Error(bad_request) when the query string is malformed.
  std::optional<std::string> query(std::string_view key) const;
  // A whole-number query parameter from `min` to `max`, `fallback` when absent or empty; throws
  // validation_error naming the parameter otherwise.
  std::int64_t query_int(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max) const;

  // Body parsed as JSON; throws Error(bad_request) naming what is wrong (syntax, invalid UTF-8),
  // and Error(unsupported_media_type) when Content-Type is set and is not JSON.
  boost::json::value json() const;
};

}  // namespace authorworks::http
