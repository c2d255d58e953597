#include "auth/trusted_proxies.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <optional>

#include "core/config.hpp"
#include "core/text.hpp"

namespace authorworks::auth {
namespace {

using Address = std::array<std::uint8_t, 16>;
constexpr Address ipv4_mapped_prefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0};

struct Parsed {
  Address address{};
  bool ipv4 = false;
};

// Textual IPv4 or IPv6 (optionally in brackets) as a 16-byte IPv6 address.
std::optional<Parsed> parse_address(std::string_view text) noexcept {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  char buffer[INET6_ADDRSTRLEN + 1] = {};
  if (text.empty() || text.size() >= sizeof buffer) return std::nullopt;
  std::memcpy(buffer, text.data(), text.size());
  Parsed out;
  if (text.find(':') == std::string_view::npos) {
    std::uint8_t v4[4];
    if (inet_pton(AF_INET, buffer, v4) != 1) return std::nullopt;
    out.address = ipv4_mapped_prefix;
    std::memcpy(out.address.data() + 12, v4, 4);
    out.ipv4 = true;
  } else if (inet_pton(AF_INET6, buffer, out.address.data()) != 1) {
    return std::nullopt;
  }
  return out;
}

bool prefix_matches(const Address& a, const Address& b, unsigned prefix) noexcept {
  const unsigned whole = prefix / 8;
  if (std::memcmp(a.data(), b.data(), whole) != 0) return false;
  const unsigned rest = prefix % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

bool has_host_bits(const Address& a, unsigned prefix) noexcept {
  Address masked{};
  for (unsigned bit = 0; bit < prefix; ++bit)
    masked[bit / 8] |= a[bit / 8] & static_cast<std::uint8_t>(0x80 >> (bit % 8));
  return masked != a;
}

[[noreturn]] void refuse(std::string_view entry, const std::string& why) {
  throw ConfigError("TRUSTED_PROXIES", "'" + std::string(entry) + "' " + why);
}

}  // namespace

TrustedProxies TrustedProxies::parse(std::string_view list) {
  TrustedProxies out;
  std::size_t pos = 0;
  while (pos <= list.size()) {
    const auto comma = std::min(list.find(',', pos), list.size());
    const auto entry = trim(list.substr(pos, comma - pos));
    pos = comma + 1;
    if (entry.empty()) continue;
    if (entry == "*") refuse(entry, "would trust every address; list the proxies' own addresses instead");

    const auto slash = entry.find('/');
    const auto parsed = parse_address(entry.substr(0, slash));
    if (!parsed) refuse(entry, "is not an IP address or network like 10.0.1.0/24 or fd00::/64");
    const unsigned max_prefix = parsed->ipv4 ? 32 : 128;
    unsigned prefix = max_prefix;
    if (slash != std::string_view::npos) {
      const auto digits = entry.substr(slash + 1);
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || prefix > max_prefix) {
        refuse(entry, "has a prefix length that is not a number from 0 to " + std::to_string(max_prefix));
      }
    }
    Network network{parsed->address, parsed->ipv4 ? prefix + 96 : prefix, parsed->ipv4};
    if (has_host_bits(network.address, network.prefix)) {
      refuse(entry, "has address bits set beyond its /" + std::to_string(prefix) + " prefix");
    }
    // Refused: any network holding every IPv4 address (or every address at all).
    if (network.prefix == 0 ||
        (network.prefix <= 96 && prefix_matches(network.address, ipv4_mapped_prefix, network.prefix))) {
      refuse(entry, "would trust every address; list the proxies' own addresses instead");
    }
    out.networks_.push_back(network);
  }
  return out;
}

TrustedProxies TrustedProxies::loopback() { return parse("127.0.0.1/32,::1/128"); }

bool TrustedProxies::contains(std::string_view peer_address) const noexcept {
  const auto peer = parse_address(peer_address);
  if (!peer) return false;
  for (const auto& network : networks_) {
    if (prefix_matches(peer->address, network.address, network.prefix)) return true;
  }
  return false;
}

std::vector<std::string> TrustedProxies::to_strings() const {
  std::vector<std::string> out;
  for (const auto& network : networks_) {
    char buffer[INET6_ADDRSTRLEN] = {};
    if (network.ipv4) {
      inet_ntop(AF_INET, network.address.data() + 12, buffer, sizeof buffer);
      out.push_back(std::string(buffer) + "/" + std::to_string(network.prefix - 96));
    } else {
      inet_ntop(AF_INET6, network.address.data(), buffer, sizeof buffer);
      out.push_back(std::string(buffer) + "/" + std::to_string(network.prefix));
    }
  }
  return out;
}

}  // namespace authorworks::auth
