#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/config.hpp"

using authorworks::AuthMode;
using authorworks::Config;
using authorworks::ConfigError;
using authorworks::Environment;
using authorworks::load_config;

namespace {

Config load(const Environment& env) { return load_config(env, "all", 8080); }

// The variable named by the ConfigError that loading `env` throws, or a failure when it loads.
std::string refused_variable(const Environment& env) {
  try {
    load(env);
  } catch (const ConfigError& e) {
    return e.variable();
  }
  ADD_FAILURE() << "loaded";
  return {};
}

}  // namespace

TEST(AuthConfig, Defaults) {
  const auto c = load({});
  EXPECT_EQ(c.auth_mode, (AuthMode{true, false}));
  EXPECT_TRUE(c.trusted_proxies.contains("127.0.0.1"));
  EXPECT_TRUE(c.trusted_proxies.contains("::1"));
  EXPECT_FALSE(c.trusted_proxies.contains("10.0.0.1"));
  EXPECT_EQ(c.admin_groups, std::vector<std::string>{"admins"});
  EXPECT_EQ(c.auth_login_url, "");
  EXPECT_EQ(c.session_ttl, std::chrono::hours(168));
  // The struct's own defaults agree with load_config's.
  const Config plain;
  EXPECT_EQ(plain.auth_mode, c.auth_mode);
  EXPECT_EQ(plain.trusted_proxies.to_strings(), c.trusted_proxies.to_strings());
  EXPECT_EQ(plain.admin_groups, c.admin_groups);
  EXPECT_EQ(plain.session_ttl, c.session_ttl);
}

TEST(AuthConfig, AuthMode) {
  EXPECT_EQ(load({{"AUTH_MODE", "local"}}).auth_mode, (AuthMode{true, false}));
  EXPECT_EQ(load({{"AUTH_MODE", "proxy"}}).auth_mode, (AuthMode{false, true}));
  EXPECT_EQ(load({{"AUTH_MODE", "local,proxy"}}).auth_mode, (AuthMode{true, true}));
  EXPECT_EQ(load({{"AUTH_MODE", " Proxy , LOCAL "}}).auth_mode, (AuthMode{true, true}));
  EXPECT_EQ(load({{"AUTH_MODE", "  "}}).auth_mode, (AuthMode{true, false}));  // blank: the default
  for (const auto* bad : {"ldap", "none", "local,local", "local,ldap", ",", "local proxy", "local;proxy"}) {
    EXPECT_EQ(refused_variable({{"AUTH_MODE", bad}}), "AUTH_MODE") << bad;
  }
}

TEST(AuthConfig, TrustedProxies) {
  const auto c = load({{"TRUSTED_PROXIES", "10.0.1.0/24, fd00::/8"}});
  EXPECT_TRUE(c.trusted_proxies.contains("10.0.1.7"));
  EXPECT_TRUE(c.trusted_proxies.contains("fd12::1"));
  EXPECT_FALSE(c.trusted_proxies.contains("127.0.0.1"));
  for (const auto* bad : {"*", "0.0.0.0/0", "::/0", "10.0.1.0/24,::/0", "10.0.1.0/33", "proxy.example.com"}) {
    EXPECT_EQ(refused_variable({{"TRUSTED_PROXIES", bad}}), "TRUSTED_PROXIES") << bad;
  }
}

TEST(AuthConfig, AdminGroups) {
  EXPECT_EQ(load({{"ADMIN_GROUPS", "admins, Book Editors ,ops"}}).admin_groups,
            (std::vector<std::string>{"admins", "Book Editors", "ops"}));
  EXPECT_EQ(refused_variable({{"ADMIN_GROUPS", ","}}), "ADMIN_GROUPS");
  EXPECT_EQ(refused_variable({{"ADMIN_GROUPS", "admins,ed\x01itors"}}), "ADMIN_GROUPS");
}

TEST(AuthConfig, AuthLoginUrl) {
  EXPECT_EQ(load({{"AUTH_LOGIN_URL", "https://auth.example.com/login?rd=1"}}).auth_login_url,
            "https://auth.example.com/login?rd=1");
  EXPECT_EQ(load({{"AUTH_LOGIN_URL", "http://127.0.0.1:9091/"}}).auth_login_url, "http://127.0.0.1:9091/");
  for (const auto* bad : {"/login", "auth.example.com/login", "ftp://auth.example.com/", "https:login", "https://",
                          "javascript:alert(1)", "https://exa mple.com/"}) {
    EXPECT_EQ(refused_variable({{"AUTH_LOGIN_URL", bad}}), "AUTH_LOGIN_URL") << bad;
  }
}

TEST(AuthConfig, SessionTtlHours) {
  EXPECT_EQ(load({{"SESSION_TTL_HOURS", "24"}}).session_ttl, std::chrono::hours(24));
  EXPECT_EQ(load({{"SESSION_TTL_HOURS", "1"}}).session_ttl, std::chrono::hours(1));
  EXPECT_EQ(load({{"SESSION_TTL_HOURS", "8784"}}).session_ttl, std::chrono::hours(8784));
  for (const auto* bad : {"0", "-1", "8785", "1.5", "a week", "24h"}) {
    EXPECT_EQ(refused_variable({{"SESSION_TTL_HOURS", bad}}), "SESSION_TTL_HOURS") << bad;
  }
}
