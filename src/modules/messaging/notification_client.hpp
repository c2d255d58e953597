#pragma once
// NotificationService across services: a content service running apart from the messaging service
// (MESSAGING_SERVICE_URL) sends each notification as POST {url}/api/v1/notifications with a service
// token (auth/service_token.hpp). The notification's id is chosen here, before the first attempt,
// so a retry after a lost answer stores nothing twice. Connection failures, timeouts, 429 and 5xx
// are retried (three attempts, 0.2 s then 0.4 s apart); a refusal (4xx) is not.
//
// Throws Error(unavailable) when the messaging service cannot be reached, Error(upstream_failed)
// when it refuses, each naming the service.
#include <chrono>
#include <string>

#include "modules/messaging/notification_service.hpp"

namespace authorworks::messaging {

struct NotificationClientOptions {
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds request_timeout{3000};
  int attempts = 3;
  std::chrono::milliseconds first_backoff{200};
};

class NotificationClient final : public NotificationService {
 public:
  // `base_url`: http://messaging:3006 (no trailing slash); `token_key`: JWT_SECRET.
  NotificationClient(std::string base_url, std::string token_key, NotificationClientOptions options = {});
  Notified notify(const NewNotification& notification) override;

 private:
  std::string base_url_;
  std::string token_key_;
  NotificationClientOptions options_;
};

}  // namespace authorworks::messaging
