#pragma once
#include <memory>

#include "modules/module.hpp"

namespace authorworks {

// Serves the built web app (single-page app with fallback) and the API docs renderer's assets.
// Part of the `all` target only; in microservice mode the nginx gateway serves the same files.
std::unique_ptr<Module> make_web_module();

}  // namespace authorworks
