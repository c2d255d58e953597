#include "modules/messaging/messaging_module.hpp"

#include "core/config.hpp"
#include "db/database.hpp"
#include "events/event_bus.hpp"
#include "modules/messaging/messaging_context.hpp"
#include "modules/messaging/messaging_routes.hpp"
#include "modules/messaging/notification_center.hpp"
#include "modules/users/account_service.hpp"
#include "modules/users/account_service_factory.hpp"

namespace authorworks {
namespace {

class MessagingModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    auto& services = context.services;
    auto shared = std::make_shared<messaging::MessagingContext>();
    shared->authenticator = users::shared_authenticator(context.config, services);
    // The redis module, a dependency, provides the bus: Redis's, or an in-process one without REDIS_URL.
    shared->bus = services.require<events::EventBus>();
    shared->token_key = users::session_token_key(context.config);
    shared->notifications =
        std::make_shared<messaging::NotificationCenter>(services.require<db::Database>(), shared->bus);
    shared->workers = &context.workers;
    services.provide<messaging::NotificationService>(shared->notifications);
    messaging::register_messaging_routes(context.router, shared);
  }
};

}  // namespace

std::unique_ptr<Module> make_messaging_module() { return std::make_unique<MessagingModule>(); }

}  // namespace authorworks
