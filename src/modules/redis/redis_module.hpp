#pragma once
#include <memory>

#include "modules/module.hpp"

namespace authorworks {

// Connects to REDIS_URL when it is set and provides the shared redis::Client; does nothing
// otherwise (the embedded default keeps events and caches in the process).
std::unique_ptr<Module> make_redis_module();

}  // namespace authorworks
