#pragma once
#include <memory>

#include "modules/users/user_directory.hpp"

namespace authorworks {
struct Config;
class ServiceRegistry;
}  // namespace authorworks

namespace authorworks::users {

// The user directory for a module of another service: the users module's own when it runs in this
// process, else the users service's over HTTP (USERS_SERVICE_URL). The choice is made on first use,
// once every module has started, since modules need not start after the users module. `services`
// must outlive the first call.
std::shared_ptr<UserDirectory> resolve_user_directory(const Config& config, const ServiceRegistry& services,
                                                      auth::TrustedProxies trusted);

}  // namespace authorworks::users
