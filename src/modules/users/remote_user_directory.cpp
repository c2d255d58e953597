#include <boost/json.hpp>

#include "modules/users/author_name.hpp"
#include "modules/users/user_directory.hpp"
#include "services/forwarded_credentials.hpp"
#include "services/service_client.hpp"
#include "services/service_reads.hpp"

namespace authorworks::users {
namespace {

// GET /api/v1/users/:id of the users service, with the caller's credentials: it authenticates the
// caller and decides whose profile they may see itself, exactly as for a browser.
class RemoteUserDirectory final : public UserDirectory {
 public:
  RemoteUserDirectory(std::shared_ptr<services::ServiceClient> users, auth::TrustedProxies trusted)
      : users_(std::move(users)), trusted_(std::move(trusted)) {}

  std::optional<std::string> author_name(const auth::Caller& caller, const std::string& user_id) override {
    // A 404 is no such user, or one the caller may not see: no name, as in one process.
    const auto profile = services::find_object(*users_, "/api/v1/users/" + services::path_segment(user_id),
                                               services::forwarded_credentials(caller.request, trusted_));
    if (!profile) return std::nullopt;
    const auto* display_name = profile->if_contains("display_name");
    const auto* username = profile->if_contains("username");
    if (display_name == nullptr || !display_name->is_string() || username == nullptr || !username->is_string()) {
      throw services::malformed_answer(*users_, "profile");
    }
    return users::author_name(std::string(display_name->as_string()), std::string(username->as_string()));
  }

 private:
  std::shared_ptr<services::ServiceClient> users_;
  auth::TrustedProxies trusted_;
};

}  // namespace

std::shared_ptr<UserDirectory> make_remote_user_directory(std::shared_ptr<services::ServiceClient> users,
                                                          auth::TrustedProxies trusted) {
  return std::make_shared<RemoteUserDirectory>(std::move(users), std::move(trusted));
}

}  // namespace authorworks::users
