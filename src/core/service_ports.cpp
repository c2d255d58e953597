#include "core/service_ports.hpp"

#include <array>

namespace authorworks {
namespace {

constexpr std::array<ServicePort, 7> kServicePorts{{
    {"users", 3001},
    {"content", 3002},
    {"storage", 3003},
    {"editor", 3004},
    {"messaging", 3006},
    {"discovery", 3007},
    {"gateway", 3010},
}};

}  // namespace

std::span<const ServicePort> service_ports() noexcept { return kServicePorts; }

std::uint16_t default_port(std::string_view target) noexcept {
  for (const auto& s : kServicePorts) {
    if (s.service == target) return s.port;
  }
  return 8080;
}

}  // namespace authorworks
