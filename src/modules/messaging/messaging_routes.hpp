#pragma once
// The messaging module's routes:
//   POST /api/v1/notifications            administrators and services: tell a user something (201)
//   GET  /api/v1/notifications            the caller's, newest first, ?limit&cursor&unread=true
//   POST /api/v1/notifications/:id/read   marks the caller's notification read (another's is 404)
//   WS   /ws                              the caller's events, live (event_socket.hpp)
#include <memory>

namespace authorworks::http {
class Router;
}

namespace authorworks::messaging {

struct MessagingContext;

void register_messaging_routes(http::Router& router, std::shared_ptr<MessagingContext> context);

}  // namespace authorworks::messaging
