#pragma once
#include <memory>

#include "modules/module.hpp"

namespace authorworks {

// The editor: versioned Plate documents for a book's scenes and chapters (port 3004 on its own).
std::unique_ptr<Module> make_editor_module();

}  // namespace authorworks
