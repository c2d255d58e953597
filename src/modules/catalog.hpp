#pragma once
// Every module built into this binary, with its dependencies and service port.
#include <cstdint>
#include <string_view>

#include "core/service_ports.hpp"
#include "modules/module_graph.hpp"

namespace authorworks {

ModuleGraph build_module_graph();

}  // namespace authorworks
