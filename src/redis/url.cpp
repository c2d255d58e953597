#include "redis/url.hpp"

#include <boost/url/parse.hpp>
#include <charconv>
#include <limits>

#include "core/config.hpp"

namespace authorworks::redis {
namespace {

constexpr std::string_view kExample = "redis://:password@host:6379/0";

[[noreturn]] void fail(std::string message) {
  throw ConfigError("REDIS_URL", std::move(message) + " (expected a URL like " + std::string(kExample) + ")");
}

template <class Int>
bool parse_number(std::string_view text, Int min, Int max, Int& out) {
  if (text.empty()) return false;
  long long value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value < min || value > max) return false;
  out = static_cast<Int>(value);
  return true;
}

}  // namespace

Url Url::parse(std::string_view text) {
  // Scheme and shape are checked before anything is echoed back, and only the parts without
  // credentials ever appear in a message.
  if (text.empty()) fail("is empty");
  if (text.starts_with("rediss://")) fail("TLS (rediss://) is not supported; use redis:// on a trusted network");
  if (!text.starts_with("redis://")) fail("must start with redis://");
  const auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) fail("is not a valid URL");
  const auto& u = *parsed;
  if (!u.has_authority() || u.host().empty()) fail("names no host");

  Url url;
  if (u.host_type() == boost::urls::host_type::ipvfuture) fail("has an unsupported host");
  url.host = u.host_address();  // percent-decoded; IPv6 without brackets
  if (url.host.empty()) fail("names no host");

  if (u.has_port()) {
    if (!parse_number<std::uint16_t>(u.port(), 1, 65535, url.port)) {
      fail("has a bad port '" + std::string(u.port()) + "' (expected 1 to 65535)");
    }
  }

  if (u.has_userinfo()) {
    url.username = u.user();
    url.password = u.password();
    if (!u.has_password()) {
      fail("gives a user but no password; write redis://:password@host for a password alone");
    }
    if (url.password.empty()) fail("has an empty password; leave out the user information for no AUTH");
  }

  const std::string_view path = u.encoded_path();
  if (!path.empty() && path != "/") {
    if (!parse_number<int>(path.substr(1), 0, std::numeric_limits<int>::max(), url.database)) {
      fail("has a bad database '" + std::string(path.substr(1)) + "' (expected /0, /1, ...)");
    }
  }
  if (u.has_query()) fail("has query parameters, which are not supported");
  if (u.has_fragment()) fail("has a fragment, which is not supported");
  return url;
}

std::string Url::endpoint() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  std::string out = ipv6 ? "[" + host + "]" : host;
  out += ":" + std::to_string(port) + "/" + std::to_string(database);
  return out;
}

}  // namespace authorworks::redis
