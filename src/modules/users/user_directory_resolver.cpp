#include "modules/users/user_directory_resolver.hpp"

#include "core/config.hpp"
#include "modules/resolved_on_first_use.hpp"
#include "services/service_client.hpp"

namespace authorworks::users {
namespace {

class ResolvedUserDirectory final : public UserDirectory {
 public:
  ResolvedUserDirectory(const ServicesConfig& config, const ServiceRegistry& services, auth::TrustedProxies trusted)
      : directory_(services, [config, trusted = std::move(trusted)] {
          return make_remote_user_directory(services::make_service_client(config, "users"), trusted);
        }) {}

  std::optional<std::string> author_name(const auth::Caller& caller, const std::string& user_id) override {
    return directory_.get().author_name(caller, user_id);
  }

 private:
  ResolvedOnFirstUse<UserDirectory> directory_;
};

}  // namespace

std::shared_ptr<UserDirectory> resolve_user_directory(const Config& config, const ServiceRegistry& services,
                                                      auth::TrustedProxies trusted) {
  return std::make_shared<ResolvedUserDirectory>(config.services, services, std::move(trusted));
}

}  // namespace authorworks::users
