// REDIS_URL parsing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/config.hpp"
#include "redis/url.hpp"

using authorworks::ConfigError;
using authorworks::redis::Url;

namespace {

TEST(RedisUrl, HostOnlyUsesDefaults) {
  const auto u = Url::parse("redis://cache");
  EXPECT_EQ(u.host, "cache");
  EXPECT_EQ(u.port, 6379);
  EXPECT_EQ(u.database, 0);
  EXPECT_TRUE(u.username.empty());
  EXPECT_TRUE(u.password.empty());
  EXPECT_EQ(u.endpoint(), "cache:6379/0");
}

TEST(RedisUrl, PasswordPortAndDatabase) {
  const auto u = Url::parse("redis://:s3cret@redis.internal:6380/2");
  EXPECT_EQ(u.host, "redis.internal");
  EXPECT_EQ(u.port, 6380);
  EXPECT_EQ(u.database, 2);
  EXPECT_TRUE(u.username.empty());
  EXPECT_EQ(u.password, "s3cret");
}

TEST(RedisUrl, AclUserAndPercentDecodedPassword) {
  const auto u = Url::parse("redis://app:p%40ss%3Aw%2Frd%25@10.0.0.5:6379/0");
  EXPECT_EQ(u.username, "app");
  EXPECT_EQ(u.password, "p@ss:w/rd%");
  EXPECT_EQ(u.host, "10.0.0.5");
}

TEST(RedisUrl, Ipv6HostAndTrailingSlash) {
  const auto u = Url::parse("redis://[::1]:7000/");
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, 7000);
  EXPECT_EQ(u.database, 0);
  EXPECT_EQ(u.endpoint(), "[::1]:7000/0");
}

TEST(RedisUrl, RejectsBadValuesWithoutEchoingThePassword) {
  const std::vector<std::string> bad{
      "",
      "http://host:6379",
      "rediss://:topsecret@host:6379",
      "redis://",
      "redis://:topsecret@",
      "redis://:topsecret@host:0",
      "redis://:topsecret@host:70000",
      "redis://:topsecret@host:port",
      "redis://:topsecret@host:6379/x",
      "redis://:topsecret@host:6379/-1",
      "redis://:topsecret@host:6379/0/1",
      "redis://:topsecret@host:6379/0?timeout=5",
      "redis://useronly@host:6379",
      "redis://user:@host:6379",
      "redis://:topsecret@ho st:6379",
  };
  for (const auto& text : bad) {
    try {
      Url::parse(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.variable(), "REDIS_URL") << text;
      EXPECT_EQ(std::string(e.what()).find("topsecret"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
