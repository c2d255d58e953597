#pragma once
// What the messaging routes and the /ws socket share: found or made once, at start.
#include <memory>
#include <string>

namespace authorworks {
class WorkerPool;
}
namespace authorworks::auth {
class Authenticator;
}
namespace authorworks::events {
class EventBus;
}

namespace authorworks::messaging {

class NotificationCenter;

struct MessagingContext {
  std::shared_ptr<auth::Authenticator> authenticator;
  std::shared_ptr<NotificationCenter> notifications;
  std::shared_ptr<events::EventBus> bus;
  std::string token_key;  // verifies service tokens (JWT_SECRET)
  // Where sockets release their subscriptions, off the I/O threads. Joined after the modules stop.
  WorkerPool* workers = nullptr;
};

}  // namespace authorworks::messaging
