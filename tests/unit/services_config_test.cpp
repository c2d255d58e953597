// SERVICE URLs, the service-call settings and what the gateway checks (ServicesConfig).
#include <gtest/gtest.h>

#include "core/config.hpp"
#include "core/service_ports.hpp"

namespace {

using authorworks::ConfigError;
using authorworks::Environment;
using authorworks::load_services_config;

std::string rejected(const Environment& env) {
  try {
    load_services_config(env);
  } catch (const ConfigError& e) {
    return e.variable();
  }
  return "";
}

TEST(ServicesConfigTest, EveryServiceHasAnAddressOnItsOwnPortByDefault) {
  const auto c = load_services_config({});
  for (const auto& s : authorworks::service_ports()) {
    EXPECT_EQ(c.urls.at(std::string(s.service)), "http://127.0.0.1:" + std::to_string(s.port)) << s.service;
  }
  EXPECT_EQ(c.urls.at("content"), "http://127.0.0.1:3002");
  EXPECT_TRUE(c.configured.empty());
  EXPECT_EQ(c.connect_timeout.count(), 1000);
  EXPECT_EQ(c.request_timeout.count(), 10000);
  EXPECT_EQ(c.retries, 2);
  // Every service but the gateway helper itself.
  EXPECT_EQ(c.gateway_checks,
            (std::vector<std::string>{"users", "content", "storage", "editor", "messaging", "discovery"}));
}

TEST(ServicesConfigTest, AddressesAndSettingsComeFromTheEnvironment) {
  const auto c = load_services_config({{"CONTENT_SERVICE_URL", "http://content:3002/"},
                                       {"SERVICE_CONNECT_TIMEOUT_MS", "250"},
                                       {"SERVICE_REQUEST_TIMEOUT_MS", "3000"},
                                       {"SERVICE_RETRIES", "0"},
                                       {"GATEWAY_SERVICES", "users, content"},
                                       {"GATEWAY_HEALTH_TIMEOUT_MS", "500"}});
  EXPECT_EQ(c.urls.at("content"), "http://content:3002");  // the trailing slash is dropped
  EXPECT_EQ(c.configured, (std::set<std::string>{"content"}));
  EXPECT_EQ(c.connect_timeout.count(), 250);
  EXPECT_EQ(c.request_timeout.count(), 3000);
  EXPECT_EQ(c.retries, 0);
  EXPECT_EQ(c.gateway_checks, (std::vector<std::string>{"users", "content"}));
  EXPECT_EQ(c.health_timeout.count(), 500);
}

TEST(ServicesConfigTest, TheMessagingServiceIsReadOnceWithTheOthers) {
  // MESSAGING_SERVICE_URL is one of the service addresses, parsed and checked with them: a content
  // service sends its notifications there only when it is set.
  const auto c = authorworks::load_config({{"MESSAGING_SERVICE_URL", "http://messaging:3006/"}}, "content", 3002);
  EXPECT_EQ(c.services.urls.at("messaging"), "http://messaging:3006");
  EXPECT_TRUE(c.services.configured.contains("messaging"));
  EXPECT_FALSE(authorworks::load_config({}, "content", 3002).services.configured.contains("messaging"));
  EXPECT_EQ(rejected({{"MESSAGING_SERVICE_URL", "messaging:3006"}}), "MESSAGING_SERVICE_URL");
}

TEST(ServicesConfigTest, BadValuesNameTheVariable) {
  EXPECT_EQ(rejected({{"USERS_SERVICE_URL", "users:3001"}}), "USERS_SERVICE_URL");
  EXPECT_EQ(rejected({{"DISCOVERY_SERVICE_URL", "ftp://discovery"}}), "DISCOVERY_SERVICE_URL");
  EXPECT_EQ(rejected({{"SERVICE_RETRIES", "-1"}}), "SERVICE_RETRIES");
  EXPECT_EQ(rejected({{"SERVICE_CONNECT_TIMEOUT_MS", "soon"}}), "SERVICE_CONNECT_TIMEOUT_MS");
  EXPECT_EQ(rejected({{"GATEWAY_SERVICES", "users,printing"}}), "GATEWAY_SERVICES");
  EXPECT_EQ(rejected({{"GATEWAY_SERVICES", "gateway"}}), "GATEWAY_SERVICES");
}

TEST(ServicesConfigTest, PortsAreTheServicesOwn) {
  EXPECT_EQ(authorworks::default_port("users"), 3001);
  EXPECT_EQ(authorworks::default_port("discovery"), 3007);
  EXPECT_EQ(authorworks::default_port("gateway"), 3010);
  EXPECT_EQ(authorworks::default_port("all"), 8080);
}

}  // namespace
