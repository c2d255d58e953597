#include "modules/users/user_store.hpp"

#include "core/text.hpp"
#include "db/ids.hpp"
#include "db/timestamps.hpp"

namespace authorworks::users {
namespace {

// pg_advisory_xact_lock key of the first registration: "AWFIRSTU".
constexpr std::int64_t kFirstAccountLockKey = 0x4157464952535455;

constexpr const char* kUserColumns =
    "id, email, username, password_hash, display_name, bio, avatar_url, is_admin, auth_source, created_at, updated_at";

UserRecord to_user(const db::Row& row) {
  UserRecord u;
  u.id = row.text("id");
  u.email = row.text("email");
  u.username = row.text("username");
  u.password_hash = row.optional_text("password_hash");
  u.display_name = row.text("display_name");
  u.bio = row.text("bio");
  u.avatar_url = row.optional_text("avatar_url");
  u.is_admin = row.boolean("is_admin");
  u.auth_source = row.text("auth_source");
  u.created_at = row.text("created_at");
  u.updated_at = row.text("updated_at");
  return u;
}

std::optional<UserRecord> first_user(const db::Result& r) {
  if (r.empty()) return std::nullopt;
  return to_user(r.rows.front());
}

std::string select_users(std::string_view where) {
  return std::string("SELECT ") + kUserColumns + " FROM users WHERE " + std::string(where);
}

// The same text for both ways of running it, so that they share the connection's prepared statement.
const std::string& select_user_by_id() {
  static const std::string sql = select_users("id = ?");
  return sql;
}

}  // namespace

std::optional<UserRecord> UserStore::find_by_id(db::Session& s, const std::string& id) {
  return first_user(s.query(select_user_by_id(), {id}));
}

bool UserStore::find_by_id_async(db::Database& database, const std::string& id, UserFound found) {
  return database.query_pipelined(select_user_by_id(), {id}, [found = std::move(found)](db::AsyncResult outcome) {
    found([&outcome] { return first_user(outcome.get()); });
  });
}

std::optional<UserRecord> UserStore::find_by_login(db::Session& s, const std::string& login) {
  if (login.find('@') != std::string::npos) return first_user(s.query(select_users("email = ?"), {to_lower(login)}));
  return find_by_username(s, login);
}

std::optional<UserRecord> UserStore::find_by_username(db::Session& s, const std::string& username) {
  return first_user(s.query(select_users("lower(username) = ?"), {to_lower(username)}));
}

bool UserStore::email_taken(db::Session& s, const std::string& email) {
  return !s.query("SELECT 1 AS one FROM users WHERE email = ?", {to_lower(email)}).empty();
}

bool UserStore::username_taken(db::Session& s, const std::string& username) {
  return !s.query("SELECT 1 AS one FROM users WHERE lower(username) = ?", {to_lower(username)}).empty();
}

bool UserStore::any_user(db::Session& s) { return !s.query("SELECT 1 AS one FROM users LIMIT 1").empty(); }

bool UserStore::first_account(db::Session& s) {
  if (any_user(s)) return false;
  if (s.backend() == db::Backend::postgres) {
    // Registrations that start together on an empty installation would each see no account yet
    // (READ COMMITTED), and each become its administrator: they take turns under this lock, held
    // until the transaction ends, and look again. On SQLite, BEGIN IMMEDIATE already serialises them.
    s.query("SELECT pg_advisory_xact_lock(?)", {kFirstAccountLockKey});
    return !any_user(s);
  }
  return true;
}

UserRecord UserStore::insert(db::Session& s, const NewUser& user) {
  const auto id = db::new_id();
  const auto now = db::now_timestamp();
  s.execute(
      "INSERT INTO users (id, email, username, password_hash, display_name, bio, is_admin, auth_source, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?)",
      {id, to_lower(user.email), user.username, user.password_hash, user.display_name, user.is_admin, user.auth_source,
       now, now});
  return *find_by_id(s, id);
}

void UserStore::update_profile(db::Session& s, const std::string& id, const ProfileChanges& changes) {
  std::string sql = "UPDATE users SET updated_at = ?";
  std::vector<db::Value> params{db::now_timestamp()};
  if (changes.display_name) {
    sql += ", display_name = ?";
    params.emplace_back(*changes.display_name);
  }
  if (changes.bio) {
    sql += ", bio = ?";
    params.emplace_back(*changes.bio);
  }
  if (changes.avatar_url) {
    sql += ", avatar_url = ?";
    params.emplace_back(*changes.avatar_url);
  }
  sql += " WHERE id = ?";
  params.emplace_back(id);
  s.execute(sql, params);
}

void UserStore::update_password_hash(db::Session& s, const std::string& id, const std::string& hash) {
  s.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", {hash, db::now_timestamp(), id});
}

void UserStore::update_from_proxy(db::Session& s, const std::string& id, const std::string& email,
                                  const std::string& display_name, bool is_admin) {
  s.execute("UPDATE users SET email = ?, display_name = ?, is_admin = ?, updated_at = ? WHERE id = ?",
            {to_lower(email), display_name, is_admin, db::now_timestamp(), id});
}

std::vector<UserRecord> UserStore::list(db::Session& s, std::int64_t limit, std::int64_t offset) {
  std::vector<UserRecord> out;
  for (const auto& row :
       s.query(select_users("1 = 1 ORDER BY created_at, id LIMIT ? OFFSET ?"), {limit, offset}).rows) {
    out.push_back(to_user(row));
  }
  return out;
}

std::int64_t UserStore::count(db::Session& s) {
  return s.query("SELECT COUNT(*) AS n FROM users").first().integer("n");
}

void UserStore::insert_session(db::Session& s, const std::string& id, const std::string& user_id,
                               std::chrono::system_clock::time_point expires_at, const std::string& user_agent,
                               const std::string& ip) {
  const auto now = db::now_timestamp();
  s.execute(
      "INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at, user_agent, ip) VALUES (?, ?, ?, ?, ?, "
      "?, ?)",
      {id, user_id, now, db::to_timestamp(expires_at), now, user_agent.substr(0, 512), ip});
}

std::optional<SessionRecord> UserStore::find_session(db::Session& s, const std::string& id) {
  const auto r = s.query("SELECT id, user_id, expires_at, revoked_at FROM sessions WHERE id = ?", {id});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  return SessionRecord{row.text("id"), row.text("user_id"), row.text("expires_at"), row.optional_text("revoked_at")};
}

void UserStore::revoke_session(db::Session& s, const std::string& id) {
  s.execute("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", {db::now_timestamp(), id});
}

}  // namespace authorworks::users
