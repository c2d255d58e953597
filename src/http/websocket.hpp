#pragma once
// WebSocket routes, without Beast in sight: a module gives the router a factory that accepts (or
// refuses, by throwing an Error) an upgrade request and returns the handler for the connection.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace authorworks::http {

class Request;

// The server's side of an open connection. Thread-safe. Outgoing messages wait in a bounded
// queue; a consumer that falls too far behind is closed (1008) rather than buffered without end.
class WebSocketPeer {
 public:
  virtual ~WebSocketPeer() = default;
  // The message is shared, not copied, when the same event goes to many sockets.
  virtual void send(std::shared_ptr<const std::string> text) = 0;
  virtual void close(std::string_view reason) = 0;
  virtual bool is_open() const noexcept = 0;
};

class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  virtual void on_open(const std::shared_ptr<WebSocketPeer>& peer) = 0;
  virtual void on_message(std::string_view text) = 0;
  virtual void on_close() = 0;
};

using WebSocketFactory = std::function<std::shared_ptr<WebSocketHandler>(const Request&)>;

}  // namespace authorworks::http
