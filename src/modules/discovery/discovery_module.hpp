#pragma once
#include <memory>

#include "modules/module.hpp"

namespace authorworks {

// Publishing finished books and finding them: search and public pages, anonymous reads. Books come
// from the content module's interface (in this process or from the content service).
std::unique_ptr<Module> make_discovery_module();

}  // namespace authorworks
