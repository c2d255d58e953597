#pragma once
// Notifications as the API and the /ws socket show them.
#include <boost/json/object.hpp>
#include <string>

#include "modules/messaging/notification_service.hpp"

namespace authorworks::messaging {

// {id, user_id, kind, title, body, data (the object), created_at, read_at (null while unread), read}
boost::json::object notification_json(const Notification& n);
// The inverse, for the HTTP client; throws Error(upstream_failed) when `value` is not one.
Notification notification_from_json(const boost::json::value& value);

// The event published on user:<id> when a notification is stored: {"type":"notification","notification":{...}}.
std::string notification_event(const Notification& n);

}  // namespace authorworks::messaging
