#pragma once
// The messaging module's NotificationService: checks a notification, stores it, and publishes it on
// user:<id> so that the user's /ws sockets (in any process, through the event bus) hear it at once.
#include <memory>

#include "modules/messaging/notification_service.hpp"

namespace authorworks::db {
class Database;
}
namespace authorworks::events {
class EventBus;
}

namespace authorworks::messaging {

inline constexpr std::size_t kMaxTitleCodePoints = 200;
inline constexpr std::size_t kMaxBodyBytes = 4000;
inline constexpr std::size_t kMaxDataBytes = 8000;

class NotificationCenter final : public NotificationService {
 public:
  NotificationCenter(std::shared_ptr<db::Database> database, std::shared_ptr<events::EventBus> bus);

  // Throws validation_error naming the field: user_id not an id or no such user, kind not
  // [a-z0-9_.-]{1,64}, title empty, longer than 200 characters or more than one line, body longer
  // than 4000 bytes, data not a JSON object of at most 8000 bytes, id not an id; Error(conflict)
  // when the id is already another user's notification.
  Notified notify(const NewNotification& notification) override;

  db::Database& database() { return *database_; }
  events::EventBus& bus() { return *bus_; }

 private:
  std::shared_ptr<db::Database> database_;
  std::shared_ptr<events::EventBus> bus_;
};

}  // namespace authorworks::messaging
