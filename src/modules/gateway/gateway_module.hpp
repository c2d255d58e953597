#pragma once
#include <memory>

#include "modules/module.hpp"

namespace authorworks {

// The nginx gateway's helper (target gateway, port 3010; never part of `all`): GET /health/services
// polls every service of GATEWAY_SERVICES for its /health with a short timeout and answers with
// each one's state; nginx serves it as the gateway's GET /health.
std::unique_ptr<Module> make_gateway_module();

}  // namespace authorworks
