#include "modules/messaging/event_socket.hpp"

#include <boost/json.hpp>
#include <mutex>
#include <vector>

#include "auth/websocket_sign_in.hpp"
#include "events/event_bus.hpp"
#include "http/request.hpp"
#include "http/websocket_error_message.hpp"
#include "http/websocket_outbox.hpp"
#include "modules/messaging/messaging_context.hpp"
#include "runtime/worker_pool.hpp"

namespace authorworks::messaging {
namespace {

namespace json = boost::json;

std::shared_ptr<const std::string> hello_message(const std::string& user_id, const events::BusState& state) {
  return std::make_shared<const std::string>(json::serialize(
      json::object{{"type", "hello"},
                   {"user_id", user_id},
                   {"events", {{"mode", state.mode}, {"connected", state.connected}, {"detail", state.detail}}}}));
}

class EventSocket final : public http::WebSocketHandler, public std::enable_shared_from_this<EventSocket> {
 public:
  EventSocket(std::shared_ptr<MessagingContext> context, std::string user_id)
      : context_(std::move(context)), user_id_(std::move(user_id)) {}

  ~EventSocket() override { release_subscriptions(); }

  // Before the upgrade completes, so that nothing published between the upgrade and on_open is
  // lost: it waits in the outbox until the hello has gone out.
  void subscribe() {
    std::weak_ptr<EventSocket> weak = weak_from_this();
    auto forward = [weak](const events::Event& event) {
      if (auto self = weak.lock()) self->deliver(event.json);
    };
    std::lock_guard lock(mutex_);
    subscriptions_.push_back(context_->bus->subscribe("user:" + user_id_, forward));
    subscriptions_.push_back(context_->bus->subscribe(std::string(events::kBusStateTopic), forward));
  }

  void on_open(const std::shared_ptr<http::WebSocketPeer>& peer) override {
    outbox_.open(peer, hello_message(user_id_, context_->bus->state()));
  }

  void on_message(std::string_view) override {
    static const auto reply =
        http::websocket_error_message("this socket only sends events; there is nothing to ask it");
    outbox_.send(reply);
  }

  void on_close() override {
    outbox_.close();
    // Unsubscribing may wait for the bus's lock; the I/O thread has other connections to serve.
    context_->workers->post([self = shared_from_this()] { self->release_subscriptions(); });
  }

 private:
  // Called by the bus, from whichever thread published: the outbox only queues.
  void deliver(const std::shared_ptr<const std::string>& message) { outbox_.send(message); }

  void release_subscriptions() {
    std::vector<std::unique_ptr<events::Subscription>> gone;
    std::lock_guard lock(mutex_);
    gone.swap(subscriptions_);
  }

  std::shared_ptr<MessagingContext> context_;
  std::string user_id_;
  http::WebSocketOutbox outbox_;
  std::mutex mutex_;  // guards subscriptions_
  std::vector<std::unique_ptr<events::Subscription>> subscriptions_;
};

}  // namespace

http::WebSocketFactory make_event_socket_factory(std::shared_ptr<MessagingContext> context) {
  return [context](const http::Request& request) -> std::shared_ptr<http::WebSocketHandler> {
    const auto principal = auth::sign_in_websocket(*context->authenticator, request);
    auto socket = std::make_shared<EventSocket>(context, principal.user_id);
    socket->subscribe();
    return socket;
  };
}

}  // namespace authorworks::messaging
