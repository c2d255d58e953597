#include "services/forwarded_credentials.hpp"

#include <array>
#include <string_view>

namespace authorworks::services {

http::Headers forwarded_credentials(const http::Request& request, const auth::TrustedProxies& trusted) {
  static constexpr std::array<std::string_view, 2> kCredentials{"Authorization", "Cookie"};
  static constexpr std::array<std::string_view, 4> kProxyIdentity{"Remote-User", "Remote-Groups", "Remote-Email",
                                                                  "Remote-Name"};
  http::Headers out;
  for (const auto name : kCredentials) {
    if (const auto value = request.header(name)) out.set(name, *value);
  }
  if (trusted.contains(request.peer_address)) {
    for (const auto name : kProxyIdentity) {
      if (const auto value = request.header(name)) out.set(name, *value);
    }
  }
  if (!request.trace_id.empty()) out.set("X-Request-Id", request.trace_id);
  out.set("Accept", "application/json");
  return out;
}

}  // namespace authorworks::services
