#include "modules/users/users_module.hpp"

#include "auth/secret_store.hpp"
#include "core/config.hpp"
#include "core/log.hpp"
#include "db/database.hpp"
#include "modules/users/account_service.hpp"
#include "modules/users/users_routes.hpp"
#include "redis/client.hpp"

namespace authorworks {
namespace {

class UsersModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    const auto& config = context.config;
    users::AccountOptions options;
    options.local_accounts = config.auth_mode.local;
    options.proxy_sign_in = config.auth_mode.proxy;
    options.trusted_proxies = config.trusted_proxies;
    options.admin_groups = config.admin_groups;
    options.login_url = config.auth_login_url;
    options.session_ttl = config.session_ttl;
    options.hash_cost = config.password_hash_cost;
    options.token_key = config.jwt_secret;
    if (options.token_key.empty()) {
      // The embedded default: one secret, made on the first start and kept under DATA_DIR.
      options.token_key = auth::load_or_create_secret(config.data_dir / "jwt-secret");
      if (config.target != "all") {
        log::warn("JWT_SECRET is not set: tokens signed by this service are not understood by the others");
      }
    }
    accounts_ = std::make_shared<users::AccountService>(context.services.require<db::Database>(),
                                                        context.services.find<redis::Client>(), std::move(options));
    context.services.provide<auth::Authenticator>(accounts_);
    users::register_users_routes(context.router, accounts_);
  }

  void stop() override { accounts_.reset(); }

 private:
  std::shared_ptr<users::AccountService> accounts_;
};

}  // namespace

std::unique_ptr<Module> make_users_module() { return std::make_unique<UsersModule>(); }

}  // namespace authorworks
