#pragma once
#include <memory>

#include "modules/module.hpp"

namespace authorworks {

// Accounts, profiles, sessions, local sign-in and SSO through a trusted proxy. Provides
// auth::Authenticator to every other module.
std::unique_ptr<Module> make_users_module();

}  // namespace authorworks
