#include "modules/messaging/event_socket.hpp"

#include <boost/json.hpp>
#include <mutex>
#include <utility>
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

  // Before the upgrade completes. The hello waits until the user's topic hears events from every
  // service (Redis confirmed the channel), so a client that has read the hello misses none of its
  // events; what arrives before the hello waits in the outbox.
  void subscribe() {
    std::weak_ptr<EventSocket> weak = weak_from_this();
    auto forward = [weak](const events::Event& event) {
      if (auto self = weak.lock()) self->deliver(event.json);
    };
    const auto topic = "user:" + user_id_;
    {
      std::lock_guard lock(mutex_);
      subscriptions_.push_back(context_->bus->subscribe(topic, forward));
      subscriptions_.push_back(context_->bus->subscribe(std::string(events::kBusStateTopic), forward));
    }
    context_->bus->when_subscribed(topic, [weak] {
      if (auto self = weak.lock()) self->on_subscribed();
    });
  }

  void on_open(const std::shared_ptr<http::WebSocketPeer>& peer) override {
    std::lock_guard lock(mutex_);
    peer_ = peer;
    open_when_ready();
  }

  void on_message(std::string_view) override {
    static const auto reply =
        http::websocket_error_message("this socket only sends events; there is nothing to ask it");
    outbox_.send(reply);
  }

  void on_close() override {
    {
      std::lock_guard lock(mutex_);
      peer_.reset();
    }
    outbox_.close();
    // Unsubscribing may wait for the bus's lock; the I/O thread has other connections to serve.
    context_->workers->post([self = shared_from_this()] { self->release_subscriptions(); });
  }

 private:
  void on_subscribed() {
    std::lock_guard lock(mutex_);
    subscribed_ = true;
    open_when_ready();
  }

  // Under mutex_: the hello, then what waited for it, once the socket is open and subscribed.
  void open_when_ready() {
    if (!peer_ || !subscribed_) return;
    outbox_.open(std::exchange(peer_, nullptr), hello_message(user_id_, context_->bus->state()));
  }

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
  std::mutex mutex_;                           // guards subscriptions_, peer_ and subscribed_
  std::shared_ptr<http::WebSocketPeer> peer_;  // open, but waiting for the subscription
  bool subscribed_ = false;
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
