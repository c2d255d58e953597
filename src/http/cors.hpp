#pragma once
// CORS for exact origins from ALLOWED_ORIGINS, with credentials. No wildcard: a browser only sends
// cookies cross-origin to an origin the operator named.
#include <optional>
#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace authorworks::http {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> allowed_origins) : origins_(std::move(allowed_origins)) {}

  bool allows(std::string_view origin) const noexcept;
  static bool is_preflight(const Request& request) noexcept;

  // The answer to a preflight request; `allowed_methods` are those the path answers to.
  Response preflight(const Request& request, const std::vector<Method>& allowed_methods) const;
  // Adds the CORS headers to an ordinary response when the request's origin is allowed.
  void decorate(const Request& request, Response& response) const;

 private:
  std::vector<std::string> origins_;
};

}  // namespace authorworks::http
