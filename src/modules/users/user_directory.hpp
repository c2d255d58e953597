#pragma once
// The users module's interface to the other modules: what they may ask about people (the content
// module names a book's author in its exports). Inside the single binary it is a direct call into
// the users module's store (make_local_user_directory); between services an HTTP call to the users
// service with the caller's own credentials (make_remote_user_directory: GET /api/v1/users/:id).
// Either way the users side decides who sees whom, as for GET /api/v1/users/:id: a person sees
// themselves, administrators see everybody.
#include <memory>
#include <optional>
#include <string>

#include "auth/caller.hpp"
#include "auth/trusted_proxies.hpp"

namespace authorworks::db {
class Database;
}
namespace authorworks::services {
class ServiceClient;
}

namespace authorworks::users {

// Blocking (database or HTTP): call from the worker pool.
class UserDirectory {
 public:
  virtual ~UserDirectory() = default;
  // The name `user_id` writes under (author_name.hpp); nullopt when there is no such user, or the
  // caller is neither that user nor an administrator (one answer, so that ids cannot be probed).
  // Between services: Error(unavailable) naming the users service when it cannot be reached.
  virtual std::optional<std::string> author_name(const auth::Caller& caller, const std::string& user_id) = 0;
};

std::shared_ptr<UserDirectory> make_local_user_directory(std::shared_ptr<db::Database> database);
// `trusted`: the proxies whose SSO headers this service believes, and so passes on.
std::shared_ptr<UserDirectory> make_remote_user_directory(std::shared_ptr<services::ServiceClient> users,
                                                          auth::TrustedProxies trusted);

}  // namespace authorworks::users
