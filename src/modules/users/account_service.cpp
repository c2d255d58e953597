#include "modules/users/account_service.hpp"

#include <algorithm>
#include <thread>

#include "auth/jwt.hpp"
#include "auth/password_policy.hpp"
#include "auth/validators.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "db/ids.hpp"
#include "db/timestamps.hpp"
#include "http/cookies.hpp"
#include "http/request.hpp"
#include "redis/client.hpp"

namespace authorworks::users {
namespace {

using SteadyClock = std::chrono::steady_clock;
// How long an active session is trusted without asking the database again. Sign-out in this
// process removes it at once; in other processes, Redis (when configured) refuses it at once, and
// the database once this expires.
constexpr auto kSessionCacheTtl = std::chrono::seconds(10);
constexpr auto kProxyUserTtl = std::chrono::seconds(60);
constexpr std::size_t kMaxCachedSessions = 100'000;
constexpr std::string_view kWrongCredentials = "the login or the password is wrong";

std::string revoked_key(std::string_view session_id) {
  return "authorworks:session:revoked:" + std::string(session_id);
}

Error too_many_attempts(std::chrono::seconds retry_after) {
  Error e(ErrorCode::too_many_requests,
          "too many sign-in attempts; try again in " + std::to_string(retry_after.count()) + " seconds");
  e.with_retry_after(static_cast<int>(retry_after.count()));
  return e;
}

std::optional<std::string> bearer_token(const http::Request& request) {
  const auto header = request.header("Authorization");
  if (!header) return std::nullopt;
  const auto value = trim(*header);
  if (value.size() > 7 && http::iequals(value.substr(0, 7), "Bearer ")) return std::string(trim(value.substr(7)));
  return std::nullopt;
}

// Header text as it may be stored and logged: valid UTF-8 (each invalid byte and each control
// character becomes '?') of at most `max_bytes` bytes, cut between characters. Clients send any
// bytes in User-Agent and X-Forwarded-For; PostgreSQL refuses text that is not UTF-8.
std::string clean_header_text(std::string_view text, std::size_t max_bytes) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (length > 1 && (i + length > text.size() || !is_valid_utf8(text.substr(i, length)))) length = 0;
    const bool control = length == 1 && (c < 0x20 || c == 0x7F);
    const auto piece = length == 0 || control ? std::string_view("?") : text.substr(i, length);
    if (out.size() + piece.size() > max_bytes) break;
    out += piece;
    i += length == 0 ? 1 : length;
  }
  return out;
}

// A name from the proxy turned into a valid username: invalid characters become '-', at most 32.
std::string proxy_username(std::string_view remote_user) {
  std::string out;
  for (char c : remote_user) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    out += ok ? c : '-';
    if (out.size() == 32) break;
  }
  while (!out.empty() && (out.front() == '-' || out.front() == '.' || out.front() == '_')) out.erase(out.begin());
  while (out.size() < 3 && !out.empty()) out += '_';
  return out;
}

}  // namespace

AccountService::AccountService(std::shared_ptr<db::Database> database, std::shared_ptr<redis::Client> redis,
                               AccountOptions options)
    : database_(std::move(database)),
      redis_(std::move(redis)),
      options_(std::move(options)),
      hasher_(options_.hash_cost),
      hashing_(std::clamp<std::ptrdiff_t>(std::thread::hardware_concurrency(), 1, 4)),
      per_address_(auth::login_limits::per_client_address),
      per_account_(auth::login_limits::per_account) {}

ClientInfo AccountService::client_info(const http::Request& request) const {
  ClientInfo info;
  info.address = request.peer_address;
  info.user_agent = clean_header_text(request.header("User-Agent").value_or(""), 512);
  if (options_.trusted_proxies.contains(request.peer_address)) {
    // The rightmost address that is not one of our proxies is the client.
    if (const auto forwarded = request.header("X-Forwarded-For")) {
      std::string_view list = *forwarded;
      while (!list.empty()) {
        const auto comma = list.rfind(',');
        const auto hop = trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(0, comma);
        if (hop.empty()) continue;
        info.address = clean_header_text(hop, 64);
        if (!options_.trusted_proxies.contains(hop)) break;
      }
    }
    if (const auto proto = request.header("X-Forwarded-Proto")) info.https = http::iequals(trim(*proto), "https");
  }
  return info;
}

void AccountService::require_local_accounts() const {
  if (!options_.local_accounts) {
    throw Error(ErrorCode::forbidden, "local accounts are turned off here (AUTH_MODE=proxy); sign in through SSO" +
                                          (options_.login_url.empty() ? std::string() : " at " + options_.login_url));
  }
}

SignedIn AccountService::start_session(db::Session& s, const UserRecord& user, const ClientInfo& client) {
  const auto now = std::chrono::system_clock::now();
  const auto ttl = std::chrono::duration_cast<std::chrono::seconds>(options_.session_ttl);
  auth::Claims claims;
  claims.sub = user.id;
  claims.jti = db::new_id();
  claims.iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  claims.exp = claims.iat + ttl.count();
  claims.extra["name"] = user.username;
  claims.extra["adm"] = user.is_admin;
  UserStore::insert_session(s, claims.jti, user.id, now + ttl, client.user_agent, client.address);
  return SignedIn{user, auth::sign(claims, options_.token_key), ttl};
}

SignedIn AccountService::register_account(const std::string& email_input, const std::string& username_input,
                                          const std::string& password, const ClientInfo& client) {
  require_local_accounts();
  const auto email = auth::validate_email(email_input);
  const auto username = auth::validate_username(username_input);
  if (const auto violation = auth::check_password(password, email, username)) {
    throw validation_error("password", violation->message + " (rule: " + violation->rule + ")");
  }
  std::string hash;
  {
    hashing_.acquire();
    struct Release {
      std::counting_semaphore<64>& s;
      ~Release() { s.release(); }
    } release{hashing_};
    hash = hasher_.hash(password);
  }
  std::optional<SignedIn> result;
  database_->transaction([&](db::Session& s) {
    if (UserStore::email_taken(s, email)) {
      throw Error(ErrorCode::conflict, "an account with this email already exists; sign in instead",
                  {{"email", "is already registered"}});
    }
    if (UserStore::username_taken(s, username)) {
      throw Error(ErrorCode::conflict, "the username '" + username + "' is taken; choose another",
                  {{"username", "is taken"}});
    }
    NewUser user;
    user.email = email;
    user.username = username;
    user.password_hash = hash;
    user.display_name = username;
    // The first account of a new installation administers it.
    user.is_admin = UserStore::first_account(s);
    const auto record = UserStore::insert(s, user);
    result = start_session(s, record, client);
  });
  log::info("account registered", {{"user_id", result->user.id}, {"admin", result->user.is_admin}});
  return std::move(*result);
}

SignedIn AccountService::login(const std::string& login, const std::string& password, const ClientInfo& client) {
  require_local_accounts();
  if (auto d = per_address_.check("address:" + client.address); !d.allowed) throw too_many_attempts(d.retry_after);
  auto session = database_->acquire();
  const auto user = UserStore::find_by_login(*session, std::string(trim(login)));
  // One count per account, whichever login names it (its email or its username, in any case).
  const auto account_key = user ? "user:" + user->id : "login:" + to_lower(trim(login));
  if (auto d = per_account_.check(account_key); !d.allowed) throw too_many_attempts(d.retry_after);

  bool ok = false;
  {
    hashing_.acquire();
    struct Release {
      std::counting_semaphore<64>& s;
      ~Release() { s.release(); }
    } release{hashing_};
    // The first sign-in of the process pays for the reference hash whether the account exists or
    // not, so that not even that one tells them apart.
    hasher_.prepare_dummy();
    if (user && user->password_hash) {
      ok = hasher_.verify(*user->password_hash, password);
    } else {
      hasher_.dummy_verify(password);  // an unknown login costs what a wrong password costs
    }
  }
  if (!ok) {
    log::info("sign-in refused", {{"peer", client.address}});
    throw Error(ErrorCode::unauthenticated, std::string(kWrongCredentials));
  }
  per_account_.reset(account_key);
  if (hasher_.needs_rehash(*user->password_hash))
    UserStore::update_password_hash(*session, user->id, hasher_.hash(password));
  SignedIn result = start_session(*session, *user, client);
  log::info("signed in", {{"user_id", user->id}});
  return result;
}

void AccountService::logout(const auth::Principal& principal) {
  if (principal.session_id.empty()) {
    throw Error(ErrorCode::bad_request, "this request is signed in through SSO; sign out at the SSO portal");
  }
  UserStore::revoke_session(*database_->acquire(), principal.session_id);
  {
    std::lock_guard lock(cache_mutex_);
    active_sessions_.erase(principal.session_id);
  }
  if (redis_) {
    try {
      redis_->set(revoked_key(principal.session_id), "1", options_.session_ttl + std::chrono::minutes(1));
    } catch (const Error& e) {
      // The database keeps the revocation; other services see it once their cache entry expires.
      log::warn("sign-out could not reach Redis", {{"error", e.detail()}});
    }
  }
}

bool AccountService::session_active(const std::string& session_id, const std::string& user_id) {
  // Redis first: a sign-out in another process shows there at once, even while this process
  // still has the session in its cache. Redis carries only what may be lost, so a Redis that is
  // down or does not know the session is no answer: the database decides.
  if (redis_) {
    try {
      if (redis_->exists(revoked_key(session_id))) return false;
    } catch (const Error&) {
    }
  }
  const auto now = SteadyClock::now();
  if (session_cached(session_id, user_id, now)) return true;
  {
    auto s = database_->acquire();
    const auto record = UserStore::find_session(*s, session_id);
    if (!record || record->revoked_at || record->user_id != user_id) return false;
    const auto expires = db::parse_timestamp(record->expires_at);
    if (!expires || *expires <= std::chrono::system_clock::now()) return false;
  }
  // Sign-out in this process removes the entry at once; a sign-out elsewhere that could not reach
  // Redis shows here when the entry expires.
  std::lock_guard lock(cache_mutex_);
  if (active_sessions_.size() >= kMaxCachedSessions) active_sessions_.clear();
  active_sessions_[session_id] = ActiveSession{user_id, now + kSessionCacheTtl};
  return true;
}

bool AccountService::session_cached(const std::string& session_id, const std::string& user_id,
                                    SteadyClock::time_point now) {
  std::lock_guard lock(cache_mutex_);
  const auto it = active_sessions_.find(session_id);
  return it != active_sessions_.end() && it->second.until > now && it->second.user_id == user_id;
}

auth::Principal AccountService::principal_of(const auth::Claims& claims) {
  auth::Principal p;
  p.user_id = claims.sub;
  p.session_id = claims.jti;
  if (const auto* name = claims.extra.if_contains("name"); name != nullptr && name->is_string()) {
    p.username = std::string(name->as_string());
  }
  if (const auto* adm = claims.extra.if_contains("adm"); adm != nullptr && adm->is_bool()) p.is_admin = adm->as_bool();
  return p;
}

std::optional<auth::Principal> AccountService::from_token(const std::string& token) {
  const auto claims = auth::verify(token, options_.token_key, std::chrono::system_clock::now());
  if (!claims) return std::nullopt;
  if (!session_active(claims->jti, claims->sub)) return std::nullopt;
  return principal_of(*claims);
}

std::optional<auth::Principal> AccountService::require_without_blocking(const http::Request& request) {
  // Redis is asked on every check, and SSO sign-in may provision an account: both block.
  if (redis_ || request.header("Remote-User").has_value()) return std::nullopt;
  std::optional<std::string> token = bearer_token(request);
  if (!token) token = http::cookie(request, kSessionCookie);
  if (!token || token->empty()) throw not_signed_in();
  const auto claims = auth::verify(*token, options_.token_key, std::chrono::system_clock::now());
  if (!claims) throw not_signed_in();
  if (!session_cached(claims->jti, claims->sub, SteadyClock::now())) return std::nullopt;
  return principal_of(*claims);
}

std::optional<auth::Principal> AccountService::from_proxy(const http::Request& request) {
  const auto remote_user = request.header("Remote-User");
  if (!remote_user || trim(*remote_user).empty()) return std::nullopt;
  const auto username = proxy_username(trim(*remote_user));
  if (username.size() < 3) return std::nullopt;

  bool is_admin = false;
  if (const auto groups = request.header("Remote-Groups")) {
    std::string_view rest = *groups;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto group = trim(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      for (const auto& admin_group : options_.admin_groups) is_admin = is_admin || group == admin_group;
    }
  }
  std::string email;
  if (const auto e = request.header("Remote-Email")) {
    try {
      email = auth::validate_email(trim(*e));
    } catch (const Error&) {
      email.clear();
    }
  }
  std::string display_name = username;
  if (const auto n = request.header("Remote-Name"); n && !trim(*n).empty()) {
    try {
      display_name = auth::validate_display_name(trim(*n));
    } catch (const Error&) {
    }
  }

  const auto key = to_lower(username);
  const auto now = SteadyClock::now();
  {
    std::lock_guard lock(cache_mutex_);
    const auto it = proxy_users_.find(key);
    if (it != proxy_users_.end() && now - it->second.fetched < kProxyUserTtl &&
        it->second.principal.is_admin == is_admin && (email.empty() || it->second.email == email) &&
        it->second.display_name == display_name) {
      return it->second.principal;
    }
  }

  auth::Principal principal;
  std::string stored_email;
  database_->transaction([&](db::Session& s) {
    auto user = UserStore::find_by_username(s, username);
    if (!user) {
      NewUser fresh;
      fresh.username = username;
      fresh.email = !email.empty() && !UserStore::email_taken(s, email) ? email : key + "@sso.invalid";
      fresh.display_name = display_name;
      fresh.is_admin = is_admin;
      fresh.auth_source = "proxy";
      user = UserStore::insert(s, fresh);
      log::info("account provisioned from SSO", {{"user_id", user->id}, {"admin", is_admin}});
    } else {
      std::string new_email = user->email;
      if (!email.empty() && email != user->email && !UserStore::email_taken(s, email)) new_email = email;
      if (new_email != user->email || display_name != user->display_name || is_admin != user->is_admin) {
        UserStore::update_from_proxy(s, user->id, new_email, display_name, is_admin);
      }
      stored_email = new_email;
    }
    principal.user_id = user->id;
    principal.username = user->username;
    principal.is_admin = is_admin;
    if (stored_email.empty()) stored_email = user->email;
  });
  std::lock_guard lock(cache_mutex_);
  if (proxy_users_.size() >= kMaxCachedSessions) proxy_users_.clear();
  proxy_users_[key] = ProxyUser{principal, email.empty() ? stored_email : email, display_name, now};
  return principal;
}

std::optional<auth::Principal> AccountService::authenticate(const http::Request& request) {
  const bool has_proxy_headers = request.header("Remote-User").has_value();
  if (has_proxy_headers) {
    if (options_.proxy_sign_in && options_.trusted_proxies.contains(request.peer_address)) {
      if (auto p = from_proxy(request)) return p;
    } else {
      std::lock_guard lock(cache_mutex_);
      const auto now = SteadyClock::now();
      if (now - last_spoof_warning_ > std::chrono::seconds(10)) {
        last_spoof_warning_ = now;
        log::warn("ignored Remote-User from a peer that is not a trusted proxy",
                  {{"peer", request.peer_address}, {"trace_id", request.trace_id}});
      }
    }
  }
  std::optional<std::string> token = bearer_token(request);
  if (!token) token = http::cookie(request, kSessionCookie);
  if (token && !token->empty()) return from_token(*token);
  return std::nullopt;
}

}  // namespace authorworks::users
