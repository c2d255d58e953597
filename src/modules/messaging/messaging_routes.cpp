#include "modules/messaging/messaging_routes.hpp"

#include <boost/json.hpp>

#include "auth/authenticator.hpp"
#include "auth/jwt.hpp"
#include "auth/service_token.hpp"
#include "core/json_body.hpp"
#include "db/database.hpp"
#include "db/ids.hpp"
#include "db/timestamps.hpp"
#include "http/router.hpp"
#include "modules/messaging/event_socket.hpp"
#include "modules/messaging/messaging_context.hpp"
#include "modules/messaging/notification_center.hpp"
#include "modules/messaging/notification_json.hpp"
#include "modules/messaging/notification_store.hpp"

namespace authorworks::messaging {
namespace {

namespace json = boost::json;

// Cursors are opaque to clients: base64url of "<created_at> <id>" of the last notification shown.
std::string encode_cursor(const NotificationCursor& cursor) {
  return auth::base64url_encode(cursor.created_at + " " + cursor.id);
}

NotificationCursor decode_cursor(const std::string& text) {
  const auto bad = [] { return validation_error("cursor", "is not a cursor this API gave out"); };
  const auto decoded = auth::base64url_decode(text);
  if (!decoded) throw bad();
  const auto space = decoded->find(' ');
  if (space == std::string::npos) throw bad();
  NotificationCursor cursor{decoded->substr(0, space), decoded->substr(space + 1)};
  // 2026-11-28T21:55:52.123Z
  if (!db::is_id(cursor.id) || cursor.created_at.size() != 24 || !cursor.created_at.ends_with('Z')) throw bad();
  return cursor;
}

bool unread_only(const http::Request& request) {
  const auto value = request.query("unread");
  if (!value || value->empty() || *value == "false") return false;
  if (*value == "true") return true;
  throw validation_error("unread", "must be true or false");
}

// Services vouch for themselves with a service token; people must be administrators.
void require_sender(const MessagingContext& context, const http::Request& request) {
  if (const auto header = request.header("Authorization"); header && header->starts_with("Bearer ")) {
    if (auth::verify_service_token(header->substr(7), context.token_key)) return;
  }
  const auto principal = context.authenticator->require(request);
  if (!principal.is_admin) throw Error(ErrorCode::forbidden, "only administrators and services send notifications");
}

NewNotification parse_new_notification(const json::value& body) {
  const auto& obj = json_object(body, {"user_id", "kind", "title", "body", "data", "id"});
  NewNotification n;
  n.user_id = required_string(obj, "user_id", 64);
  n.kind = optional_string(obj, "kind", 64).value_or("message");
  n.title = required_string(obj, "title", kMaxTitleCodePoints * 4);
  n.body = optional_string(obj, "body", kMaxBodyBytes).value_or("");
  if (const auto* data = obj.if_contains("data"); data != nullptr && !data->is_null()) {
    if (!data->is_object()) throw validation_error("data", "must be a JSON object");
    n.data = json::serialize(*data);
  }
  n.id = optional_string(obj, "id", 64).value_or("");
  return n;
}

}  // namespace

void register_messaging_routes(http::Router& router, std::shared_ptr<MessagingContext> context) {
  router.post("/api/v1/notifications", [context](http::Request& request) {
    require_sender(*context, request);
    const auto notified = context->notifications->notify(parse_new_notification(request.json()));
    auto r = http::Response::json(notification_json(notified.notification), notified.created ? 201 : 200);
    r.headers.set("Location", "/api/v1/notifications/" + notified.notification.id);
    return r;
  });

  router.get("/api/v1/notifications", [context](http::Request& request) {
    const auto principal = context->authenticator->require(request);
    const auto limit = request.query_int("limit", 20, 1, 100);
    const bool unread = unread_only(request);
    std::optional<NotificationCursor> after;
    if (const auto cursor = request.query("cursor"); cursor && !cursor->empty()) after = decode_cursor(*cursor);
    auto session = context->notifications->database().acquire();
    const auto page = NotificationStore::list(*session, principal.user_id, unread, limit, after);
    json::array items;
    for (const auto& n : page.notifications) items.push_back(notification_json(n));
    auto r = http::Response::json(
        json::object{{"notifications", std::move(items)},
                     {"next_cursor", page.next ? json::value(encode_cursor(*page.next)) : json::value(nullptr)},
                     {"unread_count", NotificationStore::count_unread(*session, principal.user_id)},
                     {"limit", limit}});
    r.headers.set("Cache-Control", "no-store");
    return r;
  });

  router.post("/api/v1/notifications/:id/read", [context](http::Request& request) {
    const auto principal = context->authenticator->require(request);
    const auto& id = request.param("id");
    // Notifications are personal: even administrators, who send them, do not read other people's.
    if (!db::is_id(id)) throw not_found_error("notification " + id);
    auto session = context->notifications->database().acquire();
    if (!NotificationStore::mark_read(*session, principal.user_id, id, db::now_timestamp())) {
      throw not_found_error("notification " + id);
    }
    return http::Response::json(notification_json(*NotificationStore::find(*session, id)));
  });

  router.websocket("/ws", make_event_socket_factory(context));
}

}  // namespace authorworks::messaging
