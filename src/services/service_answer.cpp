#include "services/service_answer.hpp"

#include <boost/json.hpp>

namespace authorworks::services {

ErrorCode error_code_for_status(unsigned status) noexcept {
  static constexpr ErrorCode kCodes[] = {
      ErrorCode::bad_request,       ErrorCode::validation_failed,
      ErrorCode::unauthenticated,   ErrorCode::forbidden,
      ErrorCode::not_found,         ErrorCode::method_not_allowed,
      ErrorCode::conflict,          ErrorCode::precondition_failed,
      ErrorCode::payload_too_large, ErrorCode::unsupported_media_type,
      ErrorCode::request_timeout,   ErrorCode::headers_too_large,
      ErrorCode::too_many_requests, ErrorCode::unavailable,
      ErrorCode::upstream_failed,   ErrorCode::upstream_timeout,
      ErrorCode::internal,
  };
  for (const auto code : kCodes) {
    if (http_status(code) == status) return code;
  }
  return ErrorCode::upstream_failed;
}

boost::json::value expect_json(const ServiceClient& client, const ServiceResponse& response,
                               const boost::json::parse_options& options) {
  boost::system::error_code ec;
  auto value = boost::json::parse(response.body, ec, {}, options);
  if (response.status >= 200 && response.status < 300) {
    if (ec) {
      throw Error(ErrorCode::upstream_failed,
                  "the " + client.service() + " service answered something that is not JSON")
          .with_extension("service", client.service());
    }
    return value;
  }
  std::string detail = "the " + client.service() + " service answered " + std::to_string(response.status);
  if (!ec && value.is_object()) {
    if (const auto* d = value.as_object().if_contains("detail"); d != nullptr && d->is_string()) {
      detail = std::string(d->as_string());
    }
  }
  const auto code = error_code_for_status(response.status);
  // A 500 of another service is a bad gateway for ours: the fault is not in this request.
  Error error(code == ErrorCode::internal ? ErrorCode::upstream_failed : code, std::move(detail));
  if (code == ErrorCode::unavailable || code == ErrorCode::too_many_requests) error.with_retry_after(5);
  if (code == ErrorCode::internal || code == ErrorCode::upstream_failed || code == ErrorCode::unavailable) {
    error.with_extension("service", client.service());
  }
  throw error;
}

}  // namespace authorworks::services
