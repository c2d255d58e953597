#include "http/cors.hpp"

#include "core/error.hpp"
#include "http/router.hpp"

namespace authorworks::http {
namespace {
constexpr std::string_view kAllowedHeaders =
    "Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id, traceparent";
constexpr std::string_view kExposedHeaders = "ETag, Location, Retry-After, X-Request-Id, Content-Disposition";
}  // namespace

bool CorsPolicy::allows(std::string_view origin) const noexcept {
  for (const auto& o : origins_) {
    if (o == origin) return true;
  }
  return false;
}

bool CorsPolicy::is_preflight(const Request& request) noexcept {
  return request.method == Method::options && request.header("Origin") &&
         request.header("Access-Control-Request-Method");
}

Response CorsPolicy::preflight(const Request& request, const std::vector<Method>& allowed_methods) const {
  const auto origin = request.header("Origin").value_or("");
  if (!allows(origin)) {
    return Response::problem(
        Error(ErrorCode::forbidden, "origin '" + std::string(origin) +
                                        "' is not in ALLOWED_ORIGINS, so cross-origin requests from it are refused"),
        request.path, request.trace_id);
  }
  Response r = Response::no_content();
  r.headers.set("Access-Control-Allow-Origin", origin);
  r.headers.set("Access-Control-Allow-Credentials", "true");
  r.headers.set("Access-Control-Allow-Methods", allow_header(allowed_methods));
  r.headers.set("Access-Control-Allow-Headers", kAllowedHeaders);
  r.headers.set("Access-Control-Max-Age", "600");
  r.headers.add("Vary", "Origin");
  return r;
}

void CorsPolicy::decorate(const Request& request, Response& response) const {
  const auto origin = request.header("Origin");
  if (!origin) return;
  bool varies = false;
  for (const auto& [name, value] : response.headers.entries()) {
    varies = varies || (iequals(name, "Vary") && value.find("Origin") != std::string::npos);
  }
  if (!varies) response.headers.add("Vary", "Origin");
  if (!allows(*origin)) return;
  response.headers.set("Access-Control-Allow-Origin", *origin);
  response.headers.set("Access-Control-Allow-Credentials", "true");
  response.headers.set("Access-Control-Expose-Headers", kExposedHeaders);
}

}  // namespace authorworks::http
