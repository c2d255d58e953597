#include "http/request.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "core/error.hpp"
#include "core/text.hpp"

namespace authorworks::http {

std::string_view to_string(Method m) noexcept {
  switch (m) {
    case Method::get: return "GET";
    case Method::head: return "HEAD";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::patch: return "PATCH";
    case Method::del: return "DELETE";
    case Method::options: return "OPTIONS";
    case Method::other: return "OTHER";
  }
  return "OTHER";
}

Method parse_method(std::string_view text) noexcept {
  if (text == "GET") return Method::get;
  if (text == "HEAD") return Method::head;
  if (text == "POST") return Method::post;
  if (text == "PUT") return Method::put;
  if (text == "PATCH") return Method::patch;
  if (text == "DELETE") return Method::del;
  if (text == "OPTIONS") return Method::options;
  return Method::other;
}

void Request::set_target(std::string_view raw_target) {
  target = std::string(raw_target);
  if (raw_target.empty() || raw_target.front() != '/') {
    throw Error(ErrorCode::bad_request, "the request target must be a path starting with '/'");
  }
  const auto q = raw_target.find('?');
  const auto raw_path = raw_target.substr(0, q);
  query_string = q == std::string_view::npos ? std::string{} : std::string(raw_target.substr(q + 1));
  // A refused path is kept as sent (still percent-encoded) for the error and the log, or left
  // empty if even that is not UTF-8: both end up in JSON.
  auto refuse = [&](std::string_view why) {
    path = is_valid_utf8(raw_path) ? std::string(raw_path) : std::string{};
    throw Error(ErrorCode::bad_request, std::string(why));
  };
  if (raw_path.find('%') == std::string_view::npos) {
    path = std::string(raw_path);
  } else {
    auto decoded = percent_decode(raw_path, false);
    if (!decoded) refuse("the request path has a malformed percent-escape");
    path = std::move(*decoded);
  }
  if (!is_valid_utf8(path)) refuse("the request path is not valid UTF-8");
  if (path.find('\0') != std::string::npos) refuse("the request path contains a NUL byte");
}

const std::string& Request::param(const std::string& name) const {
  const auto it = params.find(name);
  if (it == params.end()) throw Error(ErrorCode::internal, "route parameter '" + name + "' is not defined");
  return it->second;
}

std::optional<std::string> Request::query(std::string_view key) const {
  std::string_view rest = query_string;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const auto raw_key = pair.substr(0, eq);
    const auto decoded_key = percent_decode(raw_key, true);
    if (!decoded_key) throw Error(ErrorCode::bad_request, "the query string has a malformed percent-escape");
    if (*decoded_key != key) continue;
    const auto raw_value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    auto value = percent_decode(raw_value, true);
    if (!value)
      throw Error(ErrorCode::bad_request, "query parameter '" + std::string(key) + "' has a malformed percent-escape");
    if (!is_valid_utf8(*value)) {
      throw Error(ErrorCode::bad_request, "query parameter '" + std::string(key) + "' is not valid UTF-8");
    }
    return value;
  }
  return std::nullopt;
}

std::int64_t Request::query_int(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max) const {
  const auto text = query(key);
  if (!text || text->empty()) return fallback;
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || ptr != text->data() + text->size() || value < min || value > max) {
    throw validation_error(std::string(key),
                           "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

boost::json::value Request::json() const {
  if (const auto type = header("Content-Type")) {
    const auto lowered = to_lower(*type);
    if (lowered.find("json") == std::string::npos) {
      throw Error(ErrorCode::unsupported_media_type,
                  "the request body must be JSON (Content-Type: application/json), not '" + std::string(*type) + "'");
    }
  }
  if (trim(body).empty()) throw Error(ErrorCode::bad_request, "the request body is empty; a JSON document is expected");
  if (!is_valid_utf8(body)) throw Error(ErrorCode::bad_request, "the request body is not valid UTF-8");
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(body, ec);
  if (ec) throw Error(ErrorCode::bad_request, "the request body is not valid JSON: " + ec.message());
  return value;
}

}  // namespace authorworks::http
