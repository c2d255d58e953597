#pragma once
// The notifications table, which only the messaging module touches. Every function takes a session
// from the caller's pool and runs one statement.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/messaging/notification_service.hpp"

namespace authorworks::messaging {

// Where a page of notifications starts: after the one with this creation time and id (the list is
// newest first, ties broken by id).
struct NotificationCursor {
  std::string created_at;
  std::string id;
};

struct NotificationPage {
  std::vector<Notification> notifications;
  std::optional<NotificationCursor> next;  // set when more follow
};

class NotificationStore {
 public:
  // Inserts `n` (its id, created_at set by the caller). A duplicate id or an unknown user is
  // Error(conflict), as the database reports it.
  static void insert(db::Session& s, const Notification& n);
  static std::optional<Notification> find(db::Session& s, const std::string& id);
  static NotificationPage list(db::Session& s, const std::string& user_id, bool unread_only, std::int64_t limit,
                               const std::optional<NotificationCursor>& after);
  static std::int64_t count_unread(db::Session& s, const std::string& user_id);
  // Sets read_at (unless already set) on the user's notification; false when the user has none by
  // that id.
  static bool mark_read(db::Session& s, const std::string& user_id, const std::string& id, const std::string& now);
};

}  // namespace authorworks::messaging
