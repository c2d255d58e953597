#include "modules/users/users_routes.hpp"

#include <boost/json.hpp>

#include "auth/validators.hpp"
#include "core/json_body.hpp"
#include "db/ids.hpp"
#include "http/cookies.hpp"
#include "http/router.hpp"
#include "modules/content/book_catalog.hpp"
#include "modules/users/account_service.hpp"

namespace authorworks::users {
namespace {

boost::json::object user_json(const UserRecord& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"username", u.username},
          {"display_name", u.display_name},
          {"bio", u.bio},
          {"avatar_url", u.avatar_url ? boost::json::value(*u.avatar_url) : boost::json::value(nullptr)},
          {"is_admin", u.is_admin},
          {"auth_source", u.auth_source},
          {"created_at", u.created_at},
          {"updated_at", u.updated_at}};
}

http::Response signed_in_response(const SignedIn& s, const ClientInfo& client, unsigned status) {
  auto r = http::Response::json(
      boost::json::object{
          {"user", user_json(s.user)}, {"token", s.token}, {"token_type", "Bearer"}, {"expires_in", s.ttl.count()}},
      status);
  r.headers.add("Set-Cookie", http::set_cookie(kSessionCookie, s.token, {.max_age = s.ttl, .secure = client.https}));
  r.headers.set("Cache-Control", "no-store");
  return r;
}

// A user id from the path; anything that is not an id cannot name a user.
const std::string& user_id_param(const http::Request& request) {
  const auto& id = request.param("id");
  if (!db::is_id(id)) throw not_found_error("user " + id);
  return id;
}

UserRecord load_user(AccountService& accounts, const std::string& id) {
  auto s = accounts.database().acquire();
  auto user = UserStore::find_by_id(*s, id);
  if (!user) throw not_found_error("user " + id);
  return std::move(*user);
}

}  // namespace

void register_users_routes(http::Router& router, std::shared_ptr<AccountService> accounts,
                           std::shared_ptr<content::BookCatalog> catalog) {
  router.get("/api/v1/auth/providers", [accounts](http::Request&) {
    const auto& o = accounts->options();
    return http::Response::json(boost::json::object{
        {"local", o.local_accounts},
        {"proxy", o.proxy_sign_in},
        {"login_url", o.login_url.empty() ? boost::json::value(nullptr) : boost::json::value(o.login_url)}});
  });

  router.post("/api/v1/auth/register", [accounts](http::Request& request) {
    const auto body = request.json();
    const auto& obj = json_object(body, {"email", "username", "password"});
    const auto email = required_string(obj, "email", 254);
    const auto username = required_string(obj, "username", 64);
    const auto password = required_string(obj, "password", 1024);
    const auto client = accounts->client_info(request);
    const auto result = accounts->register_account(email, username, password, client);
    auto r = signed_in_response(result, client, 201);
    r.headers.set("Location", "/api/v1/users/" + result.user.id);
    return r;
  });

  router.post("/api/v1/auth/login", [accounts](http::Request& request) {
    const auto body = request.json();
    const auto& obj = json_object(body, {"login", "password"});
    const auto login = required_string(obj, "login", 254);
    const auto password = required_string(obj, "password", 1024);
    const auto client = accounts->client_info(request);
    return signed_in_response(accounts->login(login, password, client), client, 200);
  });

  router.post("/api/v1/auth/logout", [accounts](http::Request& request) {
    const auto principal = accounts->require(request);
    accounts->logout(principal);
    auto r = http::Response::no_content();
    r.headers.add("Set-Cookie", http::set_cookie(kSessionCookie, "",
                                                 {.max_age = std::chrono::seconds(0),
                                                  .secure = accounts->client_info(request).https}));
    return r;
  });

  router.get("/api/v1/auth/me", [accounts](http::Request& request) {
    const auto principal = accounts->require(request);
    auto r = http::Response::json(boost::json::object{{"user", user_json(load_user(*accounts, principal.user_id))}});
    r.headers.set("Cache-Control", "no-store");
    return r;
  });

  router.get("/api/v1/users", [accounts](http::Request& request) {
    const auto principal = accounts->require(request);
    if (!principal.is_admin) throw Error(ErrorCode::forbidden, "only administrators can list every user");
    const auto limit = request.query_int("limit", 50, 1, 200);
    const auto offset = request.query_int("offset", 0, 0, 1'000'000'000);
    auto s = accounts->database().acquire();
    boost::json::array users;
    for (const auto& u : UserStore::list(*s, limit, offset)) users.push_back(user_json(u));
    return http::Response::json(boost::json::object{
        {"users", std::move(users)}, {"total", UserStore::count(*s)}, {"limit", limit}, {"offset", offset}});
  });

  router.get("/api/v1/users/:id",
             [accounts](http::Request& request) {
               const auto principal = accounts->require(request);
               const auto& id = user_id_param(request);
               auth::require_owner_or_admin(principal, id, "user " + id);
               return http::Response::json(user_json(load_user(*accounts, id)));
             },
             // The same answer without a worker thread while the session is cached and a connection is
             // idle: the usual case, and the hottest read of the API.
             {.non_blocking = [accounts](http::Request& request, const http::Reply& reply) {
               const auto principal = accounts->require_without_blocking(request);
               if (!principal) return false;
               const auto& id = user_id_param(request);
               auth::require_owner_or_admin(*principal, id, "user " + id);
               return UserStore::find_by_id_async(accounts->database(), id, [reply, id](const auto& user) {
                 reply([&user, &id] {
                   auto found = user();
                   if (!found) throw not_found_error("user " + id);
                   return http::Response::json(user_json(*found));
                 });
               });
             }});

  router.patch("/api/v1/users/:id", [accounts](http::Request& request) {
    const auto principal = accounts->require(request);
    const auto& id = user_id_param(request);
    auth::require_owner_or_admin(principal, id, "user " + id);
    const auto body = request.json();
    const auto& obj = json_object(body, {"display_name", "bio", "avatar_url"});
    ProfileChanges changes;
    if (auto v = optional_string(obj, "display_name", 1024)) changes.display_name = auth::validate_display_name(*v);
    if (auto v = optional_string(obj, "bio", 16 * 1024)) changes.bio = auth::validate_bio(*v);
    if (obj.contains("avatar_url")) {
      auto v = optional_string(obj, "avatar_url", 4096);
      const auto url = v ? auth::validate_avatar_url(*v) : std::string();
      changes.avatar_url = url.empty() ? std::optional<std::string>() : std::optional<std::string>(url);
    }
    std::optional<UserRecord> updated;
    accounts->database().transaction([&](db::Session& s) {
      if (!UserStore::find_by_id(s, id)) throw not_found_error("user " + id);
      UserStore::update_profile(s, id, changes);
      updated = UserStore::find_by_id(s, id);
    });
    return http::Response::json(user_json(*updated));
  });

  router.get("/api/v1/users/:id/books", [accounts, catalog](http::Request& request) {
    const auto principal = accounts->require(request);
    const auto& id = user_id_param(request);
    auth::require_owner_or_admin(principal, id, "user " + id);
    const auto limit = request.query_int("limit", 50, 1, 200);
    const auto offset = request.query_int("offset", 0, 0, 1'000'000'000);
    {
      auto s = accounts->database().acquire();
      if (!UserStore::find_by_id(*s, id)) throw not_found_error("user " + id);
    }
    // Books are the content module's: asked through its interface, in this process or over HTTP.
    boost::json::array books;
    for (const auto& b : catalog->books_of({request, principal}, id, limit, offset).books) {
      books.push_back(boost::json::object{
          {"id", b.id},
          {"title", b.title},
          {"kind", b.kind},
          {"status", b.status},
          {"genre", b.genre ? boost::json::value(*b.genre) : boost::json::value(nullptr)},
          {"words", b.words},
          {"target_words", b.target_words ? boost::json::value(*b.target_words) : boost::json::value(nullptr)},
          {"cost_usd", b.cost_usd},
          {"created_at", b.created_at},
          {"updated_at", b.updated_at}});
    }
    return http::Response::json(boost::json::object{{"books", std::move(books)}, {"limit", limit}, {"offset", offset}});
  });
}

}  // namespace authorworks::users
