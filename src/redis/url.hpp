#pragma once
// REDIS_URL, parsed once at start-up:
//   redis://host                        -> host:6379, database 0, no AUTH
//   redis://:password@host:6380/2       -> AUTH password, SELECT 2
//   redis://user:password@host:6379/0   -> AUTH user password (an ACL user, Redis 6+)
// User and password are percent-decoded, so a password holding '@', ':' or '/' is written %40, %3A,
// %2F. A bad value throws ConfigError("REDIS_URL", ...); the message never repeats the password.
#include <cstdint>
#include <string>
#include <string_view>

namespace authorworks::redis {

struct Url {
  std::string host;  // a name or an address; IPv6 without brackets
  std::uint16_t port = 6379;
  std::string username;  // empty: the default user
  std::string password;  // empty: no AUTH
  int database = 0;

  static Url parse(std::string_view text);

  // host:port/db with no credentials, for messages and logs ("[::1]:6379/0" for IPv6).
  std::string endpoint() const;
};

}  // namespace authorworks::redis
