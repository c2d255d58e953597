#pragma once
// The services of the microservice deployment and the port each listens on when run alone
// (`authorworks serve --target NAME`). One table, so that the module catalog, the service URLs'
// defaults and the gateway agree.
#include <cstdint>
#include <span>
#include <string_view>

namespace authorworks {

struct ServicePort {
  std::string_view service;
  std::uint16_t port;
};

std::span<const ServicePort> service_ports() noexcept;
// The service's own port; 8080 (the whole platform's) for anything else.
std::uint16_t default_port(std::string_view target) noexcept;

}  // namespace authorworks
