#include "auth/service_token.hpp"

#include "auth/jwt.hpp"
#include "db/ids.hpp"

namespace authorworks::auth {
namespace {

constexpr std::string_view kPrefix = "service:";

}  // namespace

std::string issue_service_token(std::string_view key, std::string_view service,
                                std::chrono::system_clock::time_point now) {
  const auto issued = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  Claims claims;
  claims.sub = std::string(kPrefix) + std::string(service);
  claims.jti = db::new_id();
  claims.iat = issued;
  claims.exp = issued + service_token_ttl.count();
  claims.extra["role"] = "service";
  return sign(claims, key);
}

std::optional<std::string> verify_service_token(std::string_view token, std::string_view key,
                                                std::chrono::system_clock::time_point now) {
  const auto claims = verify(token, key, now);
  if (!claims || !claims->sub.starts_with(kPrefix) || claims->sub.size() == kPrefix.size()) return std::nullopt;
  const auto* role = claims->extra.if_contains("role");
  if (role == nullptr || !role->is_string() || role->as_string() != "service") return std::nullopt;
  return claims->sub.substr(kPrefix.size());
}

}  // namespace authorworks::auth
