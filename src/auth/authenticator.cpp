#include "auth/authenticator.hpp"

#include "core/error.hpp"

namespace authorworks::auth {

Principal Authenticator::require(const http::Request& request) {
  if (auto principal = authenticate(request)) return std::move(*principal);
  throw not_signed_in();
}

Error Authenticator::not_signed_in() const {
  Error error(ErrorCode::unauthenticated,
              "sign in first: send 'Authorization: Bearer <token>' or the session cookie from POST /api/v1/auth/login");
  if (!login_url().empty()) error.with_extension("login_url", login_url());
  return error;
}

bool is_owner_or_admin(const Principal& principal, std::string_view owner_id) noexcept {
  return principal.is_admin || principal.user_id == owner_id;
}

void require_owner_or_admin(const Principal& principal, std::string_view owner_id, std::string_view what) {
  if (is_owner_or_admin(principal, owner_id)) return;
  throw not_found_error(what);
}

}  // namespace authorworks::auth
