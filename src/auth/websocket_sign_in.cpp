#include "auth/websocket_sign_in.hpp"

#include "http/request.hpp"

namespace authorworks::auth {

Principal sign_in_websocket(Authenticator& authenticator, const http::Request& upgrade) {
  if (const auto token = upgrade.query("token"); token && !token->empty()) {
    http::Request with_token = upgrade;
    with_token.headers.set("Authorization", "Bearer " + *token);
    return authenticator.require(with_token);
  }
  return authenticator.require(upgrade);
}

}  // namespace authorworks::auth
