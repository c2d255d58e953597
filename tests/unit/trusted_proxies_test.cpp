#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "auth/trusted_proxies.hpp"
#include "core/config.hpp"

using authorworks::ConfigError;
using authorworks::auth::TrustedProxies;

namespace {

// The ConfigError message for `list`, or a failure when it parses.
std::string refusal(const std::string& list) {
  try {
    TrustedProxies::parse(list);
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.variable(), "TRUSTED_PROXIES");
    return e.what();
  }
  ADD_FAILURE() << "accepted '" << list << "'";
  return {};
}

}  // namespace

TEST(TrustedProxies, NobodyByDefault) {
  const TrustedProxies none;
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.contains("127.0.0.1"));
  EXPECT_TRUE(TrustedProxies::parse("").empty());
  EXPECT_TRUE(TrustedProxies::parse(" , ").empty());
}

TEST(TrustedProxies, Loopback) {
  const auto proxies = TrustedProxies::loopback();
  EXPECT_TRUE(proxies.contains("127.0.0.1"));
  EXPECT_TRUE(proxies.contains("::1"));
  EXPECT_TRUE(proxies.contains("::ffff:127.0.0.1"));
  EXPECT_TRUE(proxies.contains("[::1]"));
  EXPECT_FALSE(proxies.contains("127.0.0.2"));
  EXPECT_FALSE(proxies.contains("::2"));
  EXPECT_FALSE(proxies.contains("10.0.0.1"));
  EXPECT_FALSE(proxies.contains("::ffff:10.0.0.1"));
  EXPECT_EQ(proxies.to_strings(), (std::vector<std::string>{"127.0.0.1/32", "::1/128"}));
}

TEST(TrustedProxies, Ipv4NetworksAndTheirEdges) {
  const auto proxies = TrustedProxies::parse("10.0.1.0/24, 172.16.0.0/12,192.168.7.7");
  EXPECT_TRUE(proxies.contains("10.0.1.0"));
  EXPECT_TRUE(proxies.contains("10.0.1.255"));
  EXPECT_FALSE(proxies.contains("10.0.0.255"));
  EXPECT_FALSE(proxies.contains("10.0.2.0"));
  EXPECT_TRUE(proxies.contains("172.16.0.1"));
  EXPECT_TRUE(proxies.contains("172.31.255.255"));
  EXPECT_FALSE(proxies.contains("172.32.0.0"));
  EXPECT_FALSE(proxies.contains("172.15.255.255"));
  EXPECT_TRUE(proxies.contains("192.168.7.7"));
  EXPECT_FALSE(proxies.contains("192.168.7.8"));
  EXPECT_TRUE(proxies.contains("::ffff:10.0.1.9"));
  EXPECT_TRUE(proxies.contains("::ffff:ac10:1"));  // 172.16.0.1 written in hex
  EXPECT_FALSE(proxies.contains("::a00:109"));     // IPv4-compatible, not mapped: not the same address
  EXPECT_EQ(proxies.to_strings(), (std::vector<std::string>{"10.0.1.0/24", "172.16.0.0/12", "192.168.7.7/32"}));
}

TEST(TrustedProxies, Ipv6NetworksAndTheirEdges) {
  const auto proxies = TrustedProxies::parse("fd00:1:2::/48,2001:db8::1,fe80::/10");
  EXPECT_TRUE(proxies.contains("fd00:1:2::"));
  EXPECT_TRUE(proxies.contains("fd00:1:2:ffff:ffff:ffff:ffff:ffff"));
  EXPECT_TRUE(proxies.contains("FD00:1:2::abcd"));
  EXPECT_FALSE(proxies.contains("fd00:1:3::"));
  EXPECT_TRUE(proxies.contains("2001:db8::1"));
  EXPECT_FALSE(proxies.contains("2001:db8::2"));
  EXPECT_TRUE(proxies.contains("febf::1"));
  EXPECT_FALSE(proxies.contains("fec0::1"));
  EXPECT_FALSE(proxies.contains("10.0.0.1"));
  EXPECT_EQ(proxies.to_strings(), (std::vector<std::string>{"fd00:1:2::/48", "2001:db8::1/128", "fe80::/10"}));
}

TEST(TrustedProxies, UnreadablePeersAreNotTrusted) {
  const auto proxies = TrustedProxies::parse("127.0.0.1/32,::1/128");
  for (const auto* peer : {"", "localhost", "127.0.0.1:8080", "127.0.0.1 ", "127.1", "::1%lo", "[127.0.0.1",
                           "0127.0.0.1", "127.0.0.1/32"}) {
    EXPECT_FALSE(proxies.contains(peer)) << peer;
  }
  EXPECT_FALSE(proxies.contains(std::string(1000, '1')));
}

TEST(TrustedProxies, RefusesTrustingEveryone) {
  for (const auto* list : {"*", "0.0.0.0/0", "::/0", "::ffff:0:0/96", "::/1", "127.0.0.1/32,0.0.0.0/0", " * "}) {
    EXPECT_NE(refusal(list).find("every address"), std::string::npos) << list;
  }
}

TEST(TrustedProxies, RefusesMalformedEntries) {
  for (const auto* list : {"10.0.1.0/33", "::1/129", "10.0.1.0/", "10.0.1.0/24x", "10.0.1.0/-1", "10.0.1.0/+24",
                           "10.0.1.0/24/1", "abc", "1.2.3", "/24", "10.0.1.0 /24", "localhost", "127.0.0.1;10.0.0.1"}) {
    EXPECT_NE(refusal(list), "") << list;
  }
}

TEST(TrustedProxies, RefusesHostBitsBeyondThePrefix) {
  EXPECT_NE(refusal("10.0.1.5/24").find("beyond its /24"), std::string::npos);
  EXPECT_NE(refusal("fd00::1/64"), "");
  EXPECT_NO_THROW(TrustedProxies::parse("10.0.1.5/32"));
  EXPECT_NO_THROW(TrustedProxies::parse("10.0.0.0/7"));  // 10 = 0000101|0: the bit beyond /7 is clear
  EXPECT_NE(refusal("11.0.0.0/7"), "");                  // 11 = 0000101|1
}
