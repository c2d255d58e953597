#pragma once
// WebSocket /ws: a signed-in user's own events, live, from whichever service published them (book
// completed or failed, notifications), as JSON text messages.
//
// - The upgrade is authenticated like any request (Authorization: Bearer, or the session cookie), or
//   by ?token=…, since browsers cannot set headers on a WebSocket.
// - The first message is {"type":"hello","user_id":…,"events":{"mode","connected","detail"}}: how
//   far events reach right now. Then every event on user:<id>, and {"type":"degraded","reason":…}
//   when Redis goes away (events from other services stop until it is back; this service's own
//   still arrive) and {"type":"restored"} when it returns.
// - Each event is serialized once and shared by every socket it goes to; each socket has a bounded
//   queue, and a client that falls too far behind is closed with 1008 and a reason. The server
//   pings an idle socket every WEBSOCKET_PING_SECONDS and closes it when the pong does not come;
//   shutdown closes every socket with 1001.
// - The socket only sends; a message from the client is answered with {"type":"error","detail":…}.
#include <memory>

#include "http/websocket.hpp"

namespace authorworks::messaging {

struct MessagingContext;

http::WebSocketFactory make_event_socket_factory(std::shared_ptr<MessagingContext> context);

}  // namespace authorworks::messaging
