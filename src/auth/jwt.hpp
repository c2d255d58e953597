#pragma once
// HS256 JSON Web Tokens (RFC 7519) in the JWS compact form (RFC 7515): the session tokens this
// platform issues. Only HS256 with the server's own key is accepted; "none" and every other
// algorithm are refused, so a token's header cannot choose how it is checked.
#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace authorworks::auth {

// How far exp and iat may be off, for clocks that disagree a little.
inline constexpr std::chrono::seconds jwt_leeway{30};
// Longer tokens are refused unread.
inline constexpr std::size_t max_jwt_bytes = 8192;

struct Claims {
  std::string sub;            // the user id
  std::string jti;            // the session id
  std::int64_t iat = 0;       // issued at, seconds since the Unix epoch
  std::int64_t exp = 0;       // expires at, seconds since the Unix epoch
  boost::json::object extra;  // any further claims; never sub, jti, iat or exp
};

// The signed token. Throws std::invalid_argument when `key` is empty, sub or jti is empty, or
// `extra` holds one of the claims above.
std::string sign(const Claims& claims, std::string_view key);

// The token's claims when it is well-formed, signed with `key` (any length) under header alg
// "HS256", not expired at `now` (exp + leeway), not issued in the future (iat - leeway), and not
// before its nbf (when it has one); nullopt otherwise. Never throws.
std::optional<Claims> verify(std::string_view token, std::string_view key, std::chrono::system_clock::time_point now);

// The building blocks, for test vectors. The base64url signature of `signing_input` (the exact
// "header.payload" bytes) under HMAC-SHA256 with `key`.
std::string hs256_signature(std::string_view signing_input, std::string_view key);
// base64url without padding (RFC 4648 section 5, as JWS uses it).
std::string base64url_encode(std::string_view bytes);
// nullopt when `text` is not canonical unpadded base64url.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace authorworks::auth
