#pragma once
#include <memory>

namespace authorworks::http {
class Router;
}

namespace authorworks::content {
class BookCatalog;
}

namespace authorworks::users {

class AccountService;

// /api/v1/auth/... and /api/v1/users/...; a user's books come from the content module's `books`.
void register_users_routes(http::Router& router, std::shared_ptr<AccountService> accounts,
                           std::shared_ptr<content::BookCatalog> books);

}  // namespace authorworks::users
