#pragma once
// The reverse proxies whose forwarded headers (client address, signed-in user) are believed: a
// list of IPv4 and IPv6 networks, checked against the TCP peer address of each request.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace authorworks::auth {

class TrustedProxies {
 public:
  // Trusts nobody.
  TrustedProxies() = default;

  // Parses a comma-separated list of CIDR networks ("127.0.0.1/32,::1/128,10.0.1.0/24"); a bare
  // address means /32 or /128, and spaces around entries are ignored. Throws ConfigError naming
  // TRUSTED_PROXIES for an entry that is not a network, has bits set beyond its prefix, or would
  // trust every address ("*", "0.0.0.0/0", "::/0", "::ffff:0:0/96").
  static TrustedProxies parse(std::string_view list);
  // 127.0.0.1/32 and ::1/128: a proxy on the same machine.
  static TrustedProxies loopback();

  // True when `peer_address` (textual IPv4 or IPv6, as the TCP layer reports it) lies in one of
  // the networks. IPv4-mapped IPv6 peers (::ffff:127.0.0.1) match IPv4 networks. Anything
  // unparseable is not trusted.
  bool contains(std::string_view peer_address) const noexcept;

  bool empty() const noexcept { return networks_.empty(); }
  // The networks in canonical form ("10.0.1.0/24"), for the start-up log.
  std::vector<std::string> to_strings() const;

 private:
  // Every network is kept as IPv6; IPv4 ones as IPv4-mapped (::ffff:a.b.c.d) with prefix + 96.
  struct Network {
    std::array<std::uint8_t, 16> address{};
    unsigned prefix = 0;
    bool ipv4 = false;
  };
  std::vector<Network> networks_;
};

}  // namespace authorworks::auth
