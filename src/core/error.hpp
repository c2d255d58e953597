#pragma once
// One error taxonomy for the whole platform. Code anywhere throws `Error`; the HTTP layer catches
// it once per request and turns it into application/problem+json through `http_status()`.
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authorworks {

enum class ErrorCode {
  bad_request,        // malformed syntax: broken JSON, bad query string
  validation_failed,  // well-formed but a field breaks a rule
  unauthenticated,    // no or invalid credentials
  forbidden,          // authenticated but not allowed (and not hidden behind not_found)
  not_found,
  method_not_allowed,
  conflict,  // duplicate, or a stale version (If-Match)
  precondition_failed,
  precondition_required,  // a write that must name the version it replaces (If-Match) did not
  payload_too_large,
  unsupported_media_type,
  range_not_satisfiable,  // a Range header that asks for bytes the resource does not have
  request_timeout,
  headers_too_large,
  too_many_requests,
  unavailable,      // a dependency is down or the server is saturated
  upstream_failed,  // another service answered badly
  upstream_timeout,
  internal,
};

struct FieldError {
  std::string field;
  std::string message;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string detail, std::vector<FieldError> fields = {});

  ErrorCode code() const noexcept { return code_; }
  const std::string& detail() const noexcept { return detail_; }
  const std::vector<FieldError>& fields() const noexcept { return fields_; }

  // Seconds a client should wait before retrying (429, 503); 0 when not set.
  int retry_after_seconds() const noexcept { return retry_after_seconds_; }
  Error& with_retry_after(int seconds) {
    retry_after_seconds_ = seconds;
    return *this;
  }

  // Extra members of the problem document (RFC 9457 extensions), e.g. {"login_url", "https://..."}.
  const std::vector<std::pair<std::string, std::string>>& extensions() const noexcept { return extensions_; }
  Error& with_extension(std::string key, std::string value) {
    extensions_.emplace_back(std::move(key), std::move(value));
    return *this;
  }

 private:
  ErrorCode code_;
  std::string detail_;
  std::vector<FieldError> fields_;
  int retry_after_seconds_ = 0;
  std::vector<std::pair<std::string, std::string>> extensions_;
};

// The one place where error codes meet HTTP.
unsigned http_status(ErrorCode code) noexcept;
// Short human title ("Not Found") and stable slug ("not-found") for the problem document.
std::string_view error_title(ErrorCode code) noexcept;
std::string_view error_slug(ErrorCode code) noexcept;

// Convenience constructors for the common cases.
Error validation_error(std::string field, std::string message);
Error not_found_error(std::string_view what);

}  // namespace authorworks
