#pragma once
// The users module's tables: users and sessions. Plain functions over a db::Session, so that the
// account logic decides the transactions.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace authorworks::users {

struct UserRecord {
  std::string id;
  std::string email;
  std::string username;
  std::optional<std::string> password_hash;
  std::string display_name;
  std::string bio;
  std::optional<std::string> avatar_url;
  bool is_admin = false;
  std::string auth_source;  // "local" or "proxy"
  std::string created_at;
  std::string updated_at;
};

struct NewUser {
  std::string email;
  std::string username;
  std::optional<std::string> password_hash;
  std::string display_name;
  bool is_admin = false;
  std::string auth_source = "local";
};

struct ProfileChanges {
  std::optional<std::string> display_name;
  std::optional<std::string> bio;
  std::optional<std::optional<std::string>> avatar_url;  // set to nullopt inside: clear it
};

struct SessionRecord {
  std::string id;
  std::string user_id;
  std::string expires_at;
  std::optional<std::string> revoked_at;
};

class UserStore {
 public:
  static std::optional<UserRecord> find_by_id(db::Session& s, const std::string& id);
  // find_by_id through db::Database::query_pipelined (the same statement, a single read, so it may
  // share a connection with the I/O thread's other reads): false when it cannot start without
  // blocking; otherwise `found` is called later, on the I/O thread, with the user (or nullopt), or
  // it throws what find_by_id would have thrown.
  using UserFound = std::function<void(std::function<std::optional<UserRecord>()> user)>;
  static bool find_by_id_async(db::Database& database, const std::string& id, UserFound found);
  // `login` is an email (matched lowercased) or a username (matched case-insensitively).
  static std::optional<UserRecord> find_by_login(db::Session& s, const std::string& login);
  static std::optional<UserRecord> find_by_username(db::Session& s, const std::string& username);
  static bool email_taken(db::Session& s, const std::string& email);
  static bool username_taken(db::Session& s, const std::string& username);
  static bool any_user(db::Session& s);
  // True when no account exists yet: the one being made is the installation's first. Call inside
  // the transaction that inserts it, so that concurrent first registrations take turns.
  static bool first_account(db::Session& s);
  static UserRecord insert(db::Session& s, const NewUser& user);
  static void update_profile(db::Session& s, const std::string& id, const ProfileChanges& changes);
  static void update_password_hash(db::Session& s, const std::string& id, const std::string& hash);
  static void update_from_proxy(db::Session& s, const std::string& id, const std::string& email,
                                const std::string& display_name, bool is_admin);
  static std::vector<UserRecord> list(db::Session& s, std::int64_t limit, std::int64_t offset);
  static std::int64_t count(db::Session& s);

  static void insert_session(db::Session& s, const std::string& id, const std::string& user_id,
                             std::chrono::system_clock::time_point expires_at, const std::string& user_agent,
                             const std::string& ip);
  static std::optional<SessionRecord> find_session(db::Session& s, const std::string& id);
  static void revoke_session(db::Session& s, const std::string& id);
};

}  // namespace authorworks::users
