#include "modules/users/users_module.hpp"

#include "db/database.hpp"
#include "modules/content/book_catalog_resolver.hpp"
#include "modules/users/account_service.hpp"
#include "modules/users/account_service_factory.hpp"
#include "modules/users/user_directory.hpp"
#include "modules/users/users_routes.hpp"

namespace authorworks {
namespace {

class UsersModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    accounts_ = users::make_account_service(context.config, context.services);
    context.services.provide<auth::Authenticator>(accounts_);
    context.services.provide<users::UserDirectory>(
        users::make_local_user_directory(context.services.require<db::Database>()));
    users::register_users_routes(
        context.router, accounts_,
        content::resolve_book_catalog(context.config, context.services, accounts_->options().trusted_proxies));
  }

  void stop() override { accounts_.reset(); }

 private:
  std::shared_ptr<users::AccountService> accounts_;
};

}  // namespace

std::unique_ptr<Module> make_users_module() { return std::make_unique<UsersModule>(); }

}  // namespace authorworks
