#pragma once
// Validation of the account and profile fields people type. Each function returns the value in
// its normalised form, ready to store, or throws authorworks::validation_error(field, message)
// naming `field` (the JSON field name, by default the usual one).
#include <string>
#include <string_view>

namespace authorworks::auth {

inline constexpr std::size_t max_email_bytes = 254;
inline constexpr std::size_t max_email_local_bytes = 64;
inline constexpr std::size_t min_username_chars = 3;
inline constexpr std::size_t max_username_chars = 32;
inline constexpr std::size_t max_display_name_code_points = 80;
inline constexpr std::size_t max_bio_code_points = 2000;
inline constexpr std::size_t max_avatar_url_bytes = 2048;

// A pragmatic email check, not RFC 5322: surrounding whitespace trimmed, exactly one '@', a local
// part of 1 to 64 bytes, a domain with a dot between non-empty labels of letters, digits, hyphens
// (or non-ASCII), no whitespace or control characters, at most 254 bytes. Returned in lower case.
std::string validate_email(std::string_view input, std::string_view field = "email");

// 3 to 32 characters of [A-Za-z0-9_.-], starting with a letter or digit. Returned as given (the
// person's chosen capitalisation); compare and index usernames through username_key().
std::string validate_username(std::string_view input, std::string_view field = "username");
// The case-insensitive identity of a username: two usernames are the same account name when
// their keys are equal.
std::string username_key(std::string_view username);

// Surrounding whitespace trimmed; 1 to 80 code points of valid UTF-8 with no control characters.
std::string validate_display_name(std::string_view input, std::string_view field = "display_name");

// At most 2000 code points of valid UTF-8; line breaks and tabs allowed, other control characters
// not. Returned as given, except for trailing whitespace, which is trimmed.
std::string validate_bio(std::string_view input, std::string_view field = "bio");

// Empty (after trimming) means "no avatar" and returns "". Otherwise an absolute http:// or https://
// URL with a host and no user info, at most 2048 bytes; returned with scheme and host normalised.
std::string validate_avatar_url(std::string_view input, std::string_view field = "avatar_url");

}  // namespace authorworks::auth
