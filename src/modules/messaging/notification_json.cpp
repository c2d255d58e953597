#include "modules/messaging/notification_json.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"

namespace authorworks::messaging {

namespace json = boost::json;

json::object notification_json(const Notification& n) {
  boost::system::error_code ec;
  auto data = json::parse(n.data, ec);
  // Stored by this module from validated objects; anything else is shown as empty rather than failing a list.
  if (ec || !data.is_object()) data = json::object();
  return {{"id", n.id},
          {"user_id", n.user_id},
          {"kind", n.kind},
          {"title", n.title},
          {"body", n.body},
          {"data", std::move(data)},
          {"created_at", n.created_at},
          {"read_at", n.read_at ? json::value(*n.read_at) : json::value(nullptr)},
          {"read", n.read_at.has_value()}};
}

Notification notification_from_json(const json::value& value) {
  const auto* obj = value.if_object();
  const auto text = [&](const char* name) -> std::string {
    const auto* v = obj ? obj->if_contains(name) : nullptr;
    if (v == nullptr || !v->is_string()) {
      throw Error(ErrorCode::upstream_failed,
                  std::string("the messaging service answered a notification without '") + name + "'");
    }
    return std::string(v->as_string());
  };
  Notification n;
  n.id = text("id");
  n.user_id = text("user_id");
  n.kind = text("kind");
  n.title = text("title");
  n.body = text("body");
  n.created_at = text("created_at");
  n.data = "{}";
  if (const auto* data = obj->if_contains("data"); data != nullptr && data->is_object())
    n.data = json::serialize(*data);
  if (const auto* read_at = obj->if_contains("read_at"); read_at != nullptr && read_at->is_string()) {
    n.read_at = std::string(read_at->as_string());
  }
  return n;
}

std::string notification_event(const Notification& n) {
  return json::serialize(json::object{{"type", "notification"}, {"notification", notification_json(n)}});
}

}  // namespace authorworks::messaging
