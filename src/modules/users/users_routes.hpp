#pragma once
#include <memory>

namespace authorworks::http {
class Router;
}

namespace authorworks::users {

class AccountService;

// /api/v1/auth/... and /api/v1/users/...
void register_users_routes(http::Router& router, std::shared_ptr<AccountService> accounts);

}  // namespace authorworks::users
