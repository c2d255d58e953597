#pragma once
// Reading what another service answered: its JSON on success, and its problem document, kept as
// the same kind of error, on failure (a 404 from the content service is a 404 for our client too).
#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>

#include "core/error.hpp"
#include "services/service_client.hpp"

namespace authorworks::services {

// The error code whose status is `status` (the inverse of http_status); upstream_failed for a
// status the platform never answers.
ErrorCode error_code_for_status(unsigned status) noexcept;

// For a 2xx answer: its body as JSON (Error(upstream_failed) naming the service when it is not),
// read with `options` (allow_invalid_utf8 for answers that carry stored text byte for byte).
// For anything else: throws the service's problem as an Error with the same status and detail.
boost::json::value expect_json(const ServiceClient& client, const ServiceResponse& response,
                               const boost::json::parse_options& options = {});

}  // namespace authorworks::services
