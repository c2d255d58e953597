#include "modules/messaging/notification_center.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/text.hpp"
#include "db/database.hpp"
#include "db/ids.hpp"
#include "db/timestamps.hpp"
#include "events/event_bus.hpp"
#include "modules/messaging/notification_json.hpp"
#include "modules/messaging/notification_store.hpp"

namespace authorworks::messaging {
namespace {

bool valid_kind(const std::string& kind) {
  if (kind.empty() || kind.size() > 64) return false;
  for (const char c : kind) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Notification checked(const NewNotification& n) {
  if (!db::is_id(n.user_id)) throw validation_error("user_id", "must be a user id");
  if (!valid_kind(n.kind)) {
    throw validation_error("kind", "must be 1 to 64 characters of a-z, 0-9, '_', '.' and '-'");
  }
  if (!is_valid_utf8(n.title) || !is_valid_utf8(n.body)) throw validation_error("title", "must be UTF-8");
  const auto title_length = count_code_points(n.title);
  if (title_length == 0 || title_length > kMaxTitleCodePoints) {
    throw validation_error("title", "must be 1 to " + std::to_string(kMaxTitleCodePoints) + " characters");
  }
  if (n.title.find_first_of("\r\n") != std::string::npos) throw validation_error("title", "must be one line");
  if (n.body.size() > kMaxBodyBytes) {
    throw validation_error("body", "must be at most " + std::to_string(kMaxBodyBytes) + " bytes");
  }
  boost::system::error_code ec;
  const auto data = boost::json::parse(n.data, ec);
  if (ec || !data.is_object()) throw validation_error("data", "must be a JSON object");
  if (n.data.size() > kMaxDataBytes) {
    throw validation_error("data", "must be at most " + std::to_string(kMaxDataBytes) + " bytes of JSON");
  }
  if (!n.id.empty() && !db::is_id(n.id)) throw validation_error("id", "must be a lowercase UUID");
  return {n.id.empty() ? db::new_id() : n.id, n.user_id,           n.kind,      n.title, n.body,
          boost::json::serialize(data),       db::now_timestamp(), std::nullopt};
}

}  // namespace

NotificationCenter::NotificationCenter(std::shared_ptr<db::Database> database, std::shared_ptr<events::EventBus> bus)
    : database_(std::move(database)), bus_(std::move(bus)) {}

Notified NotificationCenter::notify(const NewNotification& request) {
  auto notification = checked(request);
  auto session = database_->acquire();
  try {
    NotificationStore::insert(*session, notification);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::conflict) throw;
    // Either the id is taken (a retried call: answer the first one) or the user does not exist.
    auto existing = NotificationStore::find(*session, notification.id);
    if (!existing) throw validation_error("user_id", "names no user");
    if (existing->user_id != notification.user_id) {
      throw Error(ErrorCode::conflict, "notification " + notification.id + " already exists for another user");
    }
    return {std::move(*existing), false};
  }
  bus_->publish("user:" + notification.user_id, "notification", notification_event(notification));
  return {std::move(notification), true};
}

}  // namespace authorworks::messaging
