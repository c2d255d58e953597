#pragma once
// WebSocket /ws/generate?book_id=…: the same events as GET /api/v1/books/:id/events, as JSON text
// messages (the current status first, {"type":"status",…}), for as long as the client stays. The
// client may send {"type":"cancel"} to cancel the book's generation; a message the socket does not
// understand is answered with {"type":"error","detail":…}.
//
// The upgrade is authenticated like any request (Authorization: Bearer, or the session cookie),
// or by ?token=…, since browsers cannot set headers on a WebSocket; somebody else's book is 404.
#include <memory>

#include "http/websocket.hpp"

namespace authorworks::content {

struct ContentContext;

http::WebSocketFactory make_generation_socket_factory(std::shared_ptr<ContentContext> context);

}  // namespace authorworks::content
