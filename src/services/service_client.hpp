#pragma once
// How one service calls another when they run apart (microservice mode): a blocking HTTP client
// (libcurl) for one named service, with a connect timeout, a deadline for the whole call, and
// retries for idempotent calls that could not reach the service or found it overloaded. Failures
// become Errors that name the service, so a caller answers "the content service is unavailable"
// (503) rather than a bare 500. Blocking: call from the worker pool.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "http/headers.hpp"

namespace authorworks {
struct ServicesConfig;
}

namespace authorworks::services {

struct ServiceCallOptions {
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds request_timeout{10'000};  // the whole call: connect, send, answer
  int retries = 2;                                    // extra attempts, idempotent calls only
  std::chrono::milliseconds retry_backoff{100};       // doubled after each attempt
};

struct ServiceResponse {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

// Whether a call may be sent again after a failure. Idempotent methods may by default; a caller
// asks for `never` when even a PUT must not be repeated behind its back (writes of text that the
// user should see fail rather than land twice or late).
enum class Retry { when_idempotent, never };

class ServiceClient {
 public:
  ServiceClient(std::string service, std::string base_url, ServiceCallOptions options);

  // `target` is a path and query (`/api/v1/books?limit=5`). Throws Error(unavailable) naming the
  // service when it cannot be reached (refused, unknown host, connect timeout) or still answers
  // 502/503/504 after the retries; Error(upstream_timeout) when it accepted the call but did not
  // answer in time; Error(upstream_failed) when the connection broke. Any other status is returned.
  ServiceResponse call(std::string_view method, std::string_view target, const http::Headers& headers,
                       std::string_view body = {}, Retry retry = Retry::when_idempotent) const;
  ServiceResponse get(std::string_view target, const http::Headers& headers) const {
    return call("GET", target, headers);
  }

  const std::string& service() const noexcept { return service_; }
  const std::string& base_url() const noexcept { return base_url_; }

 private:
  std::string service_;
  std::string base_url_;
  ServiceCallOptions options_;
};

// The client for `service` as configured (its *_SERVICE_URL, SERVICE_CONNECT_TIMEOUT_MS,
// SERVICE_REQUEST_TIMEOUT_MS, SERVICE_RETRIES).
std::shared_ptr<ServiceClient> make_service_client(const ServicesConfig& config, const std::string& service);

// Only these are safe to send twice: the service may have acted on an attempt whose answer was lost.
bool is_idempotent(std::string_view method) noexcept;

}  // namespace authorworks::services
