#pragma once
// How one service vouches for itself to another (the content service sending a notification to the
// messaging service): a short-lived HS256 JWT signed with the same key as session tokens
// (JWT_SECRET, which every service of a deployment shares), with sub "service:<name>", a random
// jti and the claim "role": "service". It names no user and no session, so the session checks of
// Authenticator never accept it; only routes that take services (POST /api/v1/notifications) ask
// for it, through verify_service_token. A user's token never carries the role claim.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace authorworks::auth {

inline constexpr std::chrono::seconds service_token_ttl{300};

// A token for `service` ("content"), valid for service_token_ttl from `now`.
std::string issue_service_token(std::string_view key, std::string_view service,
                                std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// The service's name when `token` is a valid service token under `key`; nullopt otherwise.
std::optional<std::string> verify_service_token(
    std::string_view token, std::string_view key,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace authorworks::auth
