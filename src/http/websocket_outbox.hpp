#pragma once
// The sending side of a WebSocket handler, shared by the bus's threads (events) and the I/O thread
// (open, close, replies). A handler subscribes before the upgrade completes, so that nothing is
// missed; what is sent before the socket opens waits here and goes out right after the first
// message given to open(). After close(), messages are dropped. Past open(), the peer's own bounded
// queue applies (a client that falls too far behind is closed with 1008).
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/websocket.hpp"

namespace authorworks::http {

class WebSocketOutbox {
 public:
  // Sends `first` (when given), then what waited, in order, before anything sent after this call.
  void open(std::shared_ptr<WebSocketPeer> peer, std::shared_ptr<const std::string> first);
  // Queues the message for the client; false once the socket has closed (or the server closed it).
  bool send(std::shared_ptr<const std::string> message);
  // The client has gone: what is sent from now on is dropped.
  void close();

 private:
  std::mutex mutex_;
  std::shared_ptr<WebSocketPeer> peer_;
  std::vector<std::shared_ptr<const std::string>> waiting_;
  bool closed_ = false;
};

}  // namespace authorworks::http
