#include "modules/users/user_directory_resolver.hpp"

#include <mutex>

#include "core/config.hpp"
#include "modules/service_registry.hpp"
#include "services/service_client.hpp"

namespace authorworks::users {
namespace {

class ResolvedUserDirectory final : public UserDirectory {
 public:
  ResolvedUserDirectory(const ServicesConfig& config, const ServiceRegistry& services, auth::TrustedProxies trusted)
      : config_(config), services_(&services), trusted_(std::move(trusted)) {}

  std::optional<std::string> author_name(const auth::Caller& caller, const std::string& user_id) override {
    return directory().author_name(caller, user_id);
  }

 private:
  UserDirectory& directory() {
    std::call_once(resolved_, [this] {
      directory_ = services_->find<UserDirectory>();
      if (!directory_)
        directory_ = make_remote_user_directory(services::make_service_client(config_, "users"), trusted_);
      services_ = nullptr;  // never looked at again
    });
    return *directory_;
  }

  ServicesConfig config_;
  const ServiceRegistry* services_;
  auth::TrustedProxies trusted_;
  std::once_flag resolved_;
  std::shared_ptr<UserDirectory> directory_;
};

}  // namespace

std::shared_ptr<UserDirectory> resolve_user_directory(const Config& config, const ServiceRegistry& services,
                                                      auth::TrustedProxies trusted) {
  return std::make_shared<ResolvedUserDirectory>(config.services, services, std::move(trusted));
}

}  // namespace authorworks::users
