#pragma once
// What other modules ask of the messaging module: tell a user something. Inside the single binary
// this is the messaging module's NotificationCenter (stored, then published on user:<id> so that
// the user's /ws sockets hear it at once); a content service running apart calls the messaging
// service over HTTP instead (NotificationClient: POST /api/v1/notifications with a service token).
#include <optional>
#include <string>

namespace authorworks::messaging {

struct NewNotification {
  std::string user_id;
  std::string kind;         // "book_completed", "book_failed", "message", ...: [a-z0-9_.-], 1 to 64 characters
  std::string title;        // one line, 1 to 200 characters
  std::string body;         // at most 4000 bytes; may be empty
  std::string data = "{}";  // a JSON object with what a client needs to act (book_id, ...)
  // Set by callers that may retry (a service over HTTP): a second call with the same id stores
  // nothing new and answers the first notification. Empty: a new id.
  std::string id;
};

struct Notification {
  std::string id;
  std::string user_id;
  std::string kind;
  std::string title;
  std::string body;
  std::string data;  // a JSON object, as text
  std::string created_at;
  std::optional<std::string> read_at;
};

struct Notified {
  Notification notification;
  bool created = true;  // false when the id was already stored (a retried call)
};

class NotificationService {
 public:
  virtual ~NotificationService() = default;
  // Blocking (database, or HTTP to the messaging service): call from a worker or a job thread.
  // Throws Error: validation_failed for bad fields (or a user that does not exist), unavailable
  // when the store or the messaging service cannot be reached.
  virtual Notified notify(const NewNotification& notification) = 0;
};

}  // namespace authorworks::messaging
