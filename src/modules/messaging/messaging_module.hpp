#pragma once
#include <memory>

#include "modules/module.hpp"

namespace authorworks {

// Notifications (the notifications table, its routes, and messaging::NotificationService for the
// other modules) and the /ws event socket. Target `messaging`, port 3006.
std::unique_ptr<Module> make_messaging_module();

}  // namespace authorworks
