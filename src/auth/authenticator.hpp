#pragma once
// Who is making a request. The users module provides an Authenticator through the ServiceRegistry;
// every other module finds it once at start and asks it about each request, so that tokens,
// session cookies and SSO headers are understood the same way everywhere.
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace authorworks::http {
class Request;
}

namespace authorworks::auth {

struct Principal {
  std::string user_id;
  std::string username;
  bool is_admin = false;
  std::string session_id;  // the token's jti; empty when the SSO proxy vouched for the request
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The signed-in user, or nullopt when the request carries no valid credentials. Throws
  // Error(unavailable) when it cannot tell (the database is down).
  virtual std::optional<Principal> authenticate(const http::Request& request) = 0;
  // Where a browser signs in (AUTH_LOGIN_URL); empty for the built-in sign-in page.
  virtual const std::string& login_url() const noexcept = 0;

  // The signed-in user, or Error(unauthenticated) that names the sign-in URL when one is set.
  Principal require(const http::Request& request);

 protected:
  // The Error(unauthenticated) require() throws.
  Error not_signed_in() const;
};

// Owners see their own resources and admins see everything.
bool is_owner_or_admin(const Principal& principal, std::string_view owner_id) noexcept;

// is_owner_or_admin, or else the resource does not exist for them (404, never 403), so that ids
// cannot be probed. `what` names the resource ("book").
void require_owner_or_admin(const Principal& principal, std::string_view owner_id, std::string_view what);

}  // namespace authorworks::auth
