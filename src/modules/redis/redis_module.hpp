#pragma once
#include <memory>

#include "modules/module.hpp"

namespace authorworks {

// Provides the process's one events::EventBus: with REDIS_URL, the shared redis::Client and the
// RedisEventBus over it (events across services); without, the in-process bus (the embedded
// default keeps events and caches in the process).
std::unique_ptr<Module> make_redis_module();

}  // namespace authorworks
