#pragma once
// Who opens a WebSocket. The upgrade is authenticated like any request (Authorization: Bearer, or
// the session cookie), or by ?token=…, since browsers cannot set headers on a WebSocket.
#include "auth/authenticator.hpp"

namespace authorworks::auth {

// The signed-in user; throws what Authenticator::require throws (401 naming the sign-in URL).
Principal sign_in_websocket(Authenticator& authenticator, const http::Request& upgrade);

}  // namespace authorworks::auth
