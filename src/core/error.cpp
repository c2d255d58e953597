#include "core/error.hpp"

namespace authorworks {

Error::Error(ErrorCode code, std::string detail, std::vector<FieldError> fields)
    : std::runtime_error(detail), code_(code), detail_(std::move(detail)), fields_(std::move(fields)) {}

namespace {
struct ErrorInfo {
  unsigned status;
  std::string_view title;
  std::string_view slug;
};

constexpr ErrorInfo info(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::bad_request: return {400, "Bad Request", "bad-request"};
    case ErrorCode::validation_failed: return {422, "Validation Failed", "validation-failed"};
    case ErrorCode::unauthenticated: return {401, "Unauthenticated", "unauthenticated"};
    case ErrorCode::forbidden: return {403, "Forbidden", "forbidden"};
    case ErrorCode::not_found: return {404, "Not Found", "not-found"};
    case ErrorCode::method_not_allowed: return {405, "Method Not Allowed", "method-not-allowed"};
    case ErrorCode::conflict: return {409, "Conflict", "conflict"};
    case ErrorCode::precondition_failed: return {412, "Precondition Failed", "precondition-failed"};
    case ErrorCode::precondition_required: return {428, "Precondition Required", "precondition-required"};
    case ErrorCode::payload_too_large: return {413, "Payload Too Large", "payload-too-large"};
    case ErrorCode::unsupported_media_type: return {415, "Unsupported Media Type", "unsupported-media-type"};
    case ErrorCode::range_not_satisfiable: return {416, "Range Not Satisfiable", "range-not-satisfiable"};
    case ErrorCode::request_timeout: return {408, "Request Timeout", "request-timeout"};
    case ErrorCode::headers_too_large: return {431, "Request Header Fields Too Large", "headers-too-large"};
    case ErrorCode::too_many_requests: return {429, "Too Many Requests", "too-many-requests"};
    case ErrorCode::unavailable: return {503, "Service Unavailable", "unavailable"};
    case ErrorCode::upstream_failed: return {502, "Bad Gateway", "upstream-failed"};
    case ErrorCode::upstream_timeout: return {504, "Gateway Timeout", "upstream-timeout"};
    case ErrorCode::internal: return {500, "Internal Server Error", "internal"};
  }
  return {500, "Internal Server Error", "internal"};
}
}  // namespace

unsigned http_status(ErrorCode code) noexcept { return info(code).status; }
std::string_view error_title(ErrorCode code) noexcept { return info(code).title; }
std::string_view error_slug(ErrorCode code) noexcept { return info(code).slug; }

Error validation_error(std::string field, std::string message) {
  std::string detail = field + ": " + message;
  return Error(ErrorCode::validation_failed, std::move(detail), {{std::move(field), std::move(message)}});
}

Error not_found_error(std::string_view what) {
  return Error(ErrorCode::not_found, std::string(what) + " was not found");
}

}  // namespace authorworks
