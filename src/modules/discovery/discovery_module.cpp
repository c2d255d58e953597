#include "modules/discovery/discovery_module.hpp"

#include "core/config.hpp"
#include "db/database.hpp"
#include "modules/content/book_catalog_resolver.hpp"
#include "modules/discovery/discovery_routes.hpp"
#include "modules/discovery/discovery_store.hpp"
#include "modules/users/account_service.hpp"
#include "modules/users/account_service_factory.hpp"

namespace authorworks {
namespace {

class DiscoveryModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    auto& services = context.services;
    auto authenticator = users::shared_authenticator(context.config, services);
    auto store = std::make_shared<discovery::DiscoveryStore>(services.require<db::Database>());
    discovery::register_discovery_routes(
        context.router, std::move(authenticator),
        content::resolve_book_catalog(context.config, services, context.config.trusted_proxies), std::move(store));
  }
};

}  // namespace

std::unique_ptr<Module> make_discovery_module() { return std::make_unique<DiscoveryModule>(); }

}  // namespace authorworks
