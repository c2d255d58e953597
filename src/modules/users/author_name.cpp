#include "modules/users/author_name.hpp"

#include "modules/users/user_store.hpp"

namespace authorworks::users {

std::string author_name(const std::string& display_name, const std::string& username) {
  return display_name.empty() ? username : display_name;
}

std::optional<std::string> find_author_name(db::Session& s, const std::string& user_id) {
  const auto user = UserStore::find_by_id(s, user_id);
  if (!user) return std::nullopt;
  return author_name(user->display_name, user->username);
}

}  // namespace authorworks::users
