#include "modules/users/account_service_factory.hpp"

#include "auth/secret_store.hpp"
#include "core/config.hpp"
#include "core/log.hpp"
#include "db/database.hpp"
#include "modules/service_registry.hpp"
#include "modules/users/account_service.hpp"
#include "redis/client.hpp"

namespace authorworks::users {

std::string session_token_key(const Config& config) {
  if (!config.jwt_secret.empty()) return config.jwt_secret;
  // The embedded default: one secret, made on the first start and kept under DATA_DIR.
  return auth::load_or_create_secret(config.data_dir / "jwt-secret");
}

std::shared_ptr<AccountService> make_account_service(const Config& config, const ServiceRegistry& services) {
  AccountOptions options;
  options.local_accounts = config.auth_mode.local;
  options.proxy_sign_in = config.auth_mode.proxy;
  options.trusted_proxies = config.trusted_proxies;
  options.admin_groups = config.admin_groups;
  options.login_url = config.auth_login_url;
  options.session_ttl = config.session_ttl;
  options.hash_cost = config.password_hash_cost;
  options.token_key = session_token_key(config);
  if (config.jwt_secret.empty() && config.target != "all") {
    log::warn("JWT_SECRET is not set: tokens signed by this service are not understood by the others");
  }
  return std::make_shared<AccountService>(services.require<db::Database>(), services.find<redis::Client>(),
                                          std::move(options));
}

std::shared_ptr<auth::Authenticator> shared_authenticator(const Config& config, ServiceRegistry& services) {
  if (auto authenticator = services.find<auth::Authenticator>()) return authenticator;
  std::shared_ptr<auth::Authenticator> authenticator = make_account_service(config, services);
  services.provide<auth::Authenticator>(authenticator);
  return authenticator;
}

}  // namespace authorworks::users
