#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace authorworks::http {

class Request;

// The value of cookie `name` in the request's Cookie header(s), as sent.
std::optional<std::string> cookie(const Request& request, std::string_view name);

struct CookieOptions {
  std::chrono::seconds max_age{0};  // 0 deletes the cookie
  bool http_only = true;
  bool secure = false;
  std::string_view same_site = "Lax";
  std::string_view path = "/";
};

// A Set-Cookie header value.
std::string set_cookie(std::string_view name, std::string_view value, const CookieOptions& options);

}  // namespace authorworks::http
