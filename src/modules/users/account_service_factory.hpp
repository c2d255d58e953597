#pragma once
#include <memory>
#include <string>

namespace authorworks {
struct Config;
class ServiceRegistry;
}  // namespace authorworks

namespace authorworks::auth {
class Authenticator;
}

namespace authorworks::users {

class AccountService;

// The account service as configured (AUTH_MODE, TRUSTED_PROXIES, JWT_SECRET, ...), on the database
// and Redis client the registry holds. The users module serves it; a service that runs without the
// users module (--target content) makes one of its own to understand the same tokens and cookies.
// The key session and service tokens are signed with: JWT_SECRET, else the secret generated once
// under DATA_DIR.
std::string session_token_key(const Config& config);

std::shared_ptr<AccountService> make_account_service(const Config& config, const ServiceRegistry& services);

// The process's authenticator: the users module's when it runs here; otherwise (a module running
// as its own service) an account service of the module's own on the shared database, made once and
// shared with the other modules of the process, which understands the same tokens and cookies.
std::shared_ptr<auth::Authenticator> shared_authenticator(const Config& config, ServiceRegistry& services);

}  // namespace authorworks::users
