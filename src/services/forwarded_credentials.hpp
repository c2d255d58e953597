#pragma once
// The caller's credentials, passed on when one service calls another on the caller's behalf, so
// that the other service authenticates and authorizes the same person itself (tokens and sessions
// verify in every service).
#include "auth/trusted_proxies.hpp"
#include "http/headers.hpp"
#include "http/request.hpp"

namespace authorworks::services {

// Authorization and the session cookie; the SSO headers (Remote-User, Remote-Groups, Remote-Email,
// Remote-Name) only when the request came from one of `trusted` (a proxy's word is passed on only
// when this service believed it); and the request id as X-Request-Id, so that both services' log
// lines share it.
http::Headers forwarded_credentials(const http::Request& request, const auth::TrustedProxies& trusted);

}  // namespace authorworks::services
