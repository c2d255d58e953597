#include "db/database.hpp"
#include "db/ids.hpp"
#include "modules/users/author_name.hpp"
#include "modules/users/user_directory.hpp"

namespace authorworks::users {
namespace {

class LocalUserDirectory final : public UserDirectory {
 public:
  explicit LocalUserDirectory(std::shared_ptr<db::Database> database) : database_(std::move(database)) {}

  std::optional<std::string> author_name(const auth::Caller& caller, const std::string& user_id) override {
    if (!auth::is_owner_or_admin(caller.principal, user_id) || !db::is_id(user_id)) return std::nullopt;
    auto session = database_->acquire();
    return find_author_name(*session, user_id);
  }

 private:
  std::shared_ptr<db::Database> database_;
};

}  // namespace

std::shared_ptr<UserDirectory> make_local_user_directory(std::shared_ptr<db::Database> database) {
  return std::make_shared<LocalUserDirectory>(std::move(database));
}

}  // namespace authorworks::users
