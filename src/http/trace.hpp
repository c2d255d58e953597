#pragma once
#include <string>

namespace authorworks::http {
class Headers;

// The request's trace id: the trace-id of a valid W3C `traceparent`, else a sane `X-Request-Id`,
// else a new random 32-hex-digit id.
std::string trace_id_for(const Headers& headers);
std::string random_hex(std::size_t bytes);

}  // namespace authorworks::http
