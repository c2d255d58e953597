#pragma once
// Accounts and sign-in: local accounts (Argon2id passwords, HS256 session tokens that are also sent
// as an HttpOnly cookie, revocation on sign-out) and SSO through a trusted proxy such as Authelia
// (Remote-User, Remote-Groups, Remote-Email, Remote-Name from TRUSTED_PROXIES only; the first
// request of a new user provisions the account).
#include <chrono>
#include <memory>
#include <mutex>
#include <semaphore>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/authenticator.hpp"
#include "auth/jwt.hpp"
#include "auth/password_hasher.hpp"
#include "auth/rate_limiter.hpp"
#include "auth/trusted_proxies.hpp"
#include "modules/users/user_store.hpp"

namespace authorworks::redis {
class Client;
}

namespace authorworks::users {

inline constexpr std::string_view kSessionCookie = "aw_session";

struct AccountOptions {
  bool local_accounts = true;
  bool proxy_sign_in = false;
  auth::TrustedProxies trusted_proxies = auth::TrustedProxies::loopback();
  std::vector<std::string> admin_groups{"admins"};
  std::string login_url;
  std::chrono::hours session_ttl{168};
  std::string token_key;
  auth::PasswordHashCost hash_cost = auth::PasswordHashCost::interactive();
};

// Where a request comes from, for sessions and rate limits.
struct ClientInfo {
  std::string address;  // the client, behind trusted proxies when they say so
  std::string user_agent;
  bool https = false;  // the client reached the front proxy over HTTPS
};

struct SignedIn {
  UserRecord user;
  std::string token;
  std::chrono::seconds ttl;
};

class AccountService final : public auth::Authenticator {
 public:
  AccountService(std::shared_ptr<db::Database> database, std::shared_ptr<redis::Client> redis, AccountOptions options);

  ClientInfo client_info(const http::Request& request) const;

  // Blocking (password hashing, database): call from the worker pool.
  SignedIn register_account(const std::string& email, const std::string& username, const std::string& password,
                            const ClientInfo& client);
  SignedIn login(const std::string& login, const std::string& password, const ClientInfo& client);
  void logout(const auth::Principal& principal);

  std::optional<auth::Principal> authenticate(const http::Request& request) override;
  // require() for an I/O thread, answered from memory only: the signed-in user when the token is
  // valid and its session is in the active-session cache (the same 10 s trust require() gives it);
  // nullopt when only a blocking check can tell (a session not cached, Redis to ask, SSO headers),
  // and the caller must use require() on the worker pool; Error(unauthenticated) like require()
  // when the request carries no valid token.
  std::optional<auth::Principal> require_without_blocking(const http::Request& request);
  const std::string& login_url() const noexcept override { return options_.login_url; }

  const AccountOptions& options() const noexcept { return options_; }
  db::Database& database() { return *database_; }

 private:
  std::optional<auth::Principal> from_token(const std::string& token);
  static auth::Principal principal_of(const auth::Claims& claims);
  bool session_cached(const std::string& session_id, const std::string& user_id,
                      std::chrono::steady_clock::time_point now);
  std::optional<auth::Principal> from_proxy(const http::Request& request);
  bool session_active(const std::string& session_id, const std::string& user_id);
  SignedIn start_session(db::Session& s, const UserRecord& user, const ClientInfo& client);
  void require_local_accounts() const;

  std::shared_ptr<db::Database> database_;
  std::shared_ptr<redis::Client> redis_;
  AccountOptions options_;
  auth::PasswordHasher hasher_;
  // Argon2id takes 64 MiB per hash: bound how many run at once.
  std::counting_semaphore<64> hashing_;
  auth::RateLimiter per_address_;
  auth::RateLimiter per_account_;

  // Sessions known to be active, until the time they are trusted without asking again. Sign-out in
  // this process removes its entry at once; other processes learn it through Redis (asked before
  // this cache), or from the database once their entry expires.
  std::mutex cache_mutex_;
  struct ActiveSession {
    std::string user_id;
    std::chrono::steady_clock::time_point until;
  };
  std::unordered_map<std::string, ActiveSession> active_sessions_;
  struct ProxyUser {
    auth::Principal principal;
    std::string email;
    std::string display_name;
    std::chrono::steady_clock::time_point fetched;
  };
  std::unordered_map<std::string, ProxyUser> proxy_users_;
  std::chrono::steady_clock::time_point last_spoof_warning_{};
};

}  // namespace authorworks::users
