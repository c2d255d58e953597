#pragma once
#include <memory>

namespace authorworks::http {
class Router;
}
namespace authorworks::auth {
class Authenticator;
}
namespace authorworks::content {
class BookCatalog;
}

namespace authorworks::discovery {

class DiscoveryStore;

// Publishing (POST /api/v1/books/:id/publish and /unpublish, signed in) and reading what is
// published (GET /api/v1/discover and /api/v1/discover/:id, anonymous).
void register_discovery_routes(http::Router& router, std::shared_ptr<auth::Authenticator> authenticator,
                               std::shared_ptr<content::BookCatalog> books, std::shared_ptr<DiscoveryStore> store);

}  // namespace authorworks::discovery
