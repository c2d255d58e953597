#pragma once
// The rules a new password must meet. Each rule has a stable id (for clients and tests) and a
// human message (for people). Checked when a password is set or changed, never at sign-in.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace authorworks::auth {

inline constexpr std::size_t min_password_code_points = 10;
inline constexpr std::size_t max_password_bytes = 256;

// The stable rule ids, in the order they are checked.
namespace password_rule {
inline constexpr std::string_view invalid_utf8 = "invalid_utf8";
inline constexpr std::string_view too_long = "too_long";
inline constexpr std::string_view too_short = "too_short";
inline constexpr std::string_view one_character = "one_character";
inline constexpr std::string_view same_as_email = "same_as_email";
inline constexpr std::string_view same_as_username = "same_as_username";
inline constexpr std::string_view common = "common";
}  // namespace password_rule

struct PolicyViolation {
  std::string rule;     // one of password_rule
  std::string message;  // a sentence for the person choosing the password
};

// The first rule `password` breaks, or nullopt when it meets them all. Length counts Unicode code
// points (at least 10) and bytes (at most 256). Comparisons with `email`, `username` and the common
// passwords ignore ASCII case; an empty `email` or `username` is not compared.
std::optional<PolicyViolation> check_password(std::string_view password, std::string_view email,
                                              std::string_view username);

// The embedded list of common passwords (lower case), for tests and documentation.
std::span<const std::string_view> common_passwords() noexcept;

}  // namespace authorworks::auth
