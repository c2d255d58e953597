#pragma once
// Every module built into this binary, with its dependencies and service port.
#include <cstdint>
#include <string_view>

#include "modules/module_graph.hpp"

namespace authorworks {

ModuleGraph build_module_graph();

// The port a target listens on when SERVICE_PORT is unset: 8080 for "all", the module's own otherwise.
std::uint16_t default_port(std::string_view target);

}  // namespace authorworks
