#pragma once
#include <memory>

#include "modules/module.hpp"

namespace authorworks {

// Books and their generation: the HTTP face of the generation engine
// (/api/v1/books/..., /ws/generate). Runs the engine on this process's threads
// and provides generation::GenerationService and events::EventBus to other
// modules.
std::unique_ptr<Module> make_content_module();

}  // namespace authorworks
