#include "modules/content/generation_socket.hpp"

#include <boost/json.hpp>
#include <mutex>

#include "auth/websocket_sign_in.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "events/event_bus.hpp"
#include "generation/generation_service.hpp"
#include "http/request.hpp"
#include "http/websocket_error_message.hpp"
#include "http/websocket_outbox.hpp"
#include "modules/content/book_access.hpp"
#include "modules/content/book_event_relay.hpp"
#include "modules/content/book_json.hpp"
#include "modules/content/content_context.hpp"
#include "runtime/worker_pool.hpp"

namespace authorworks::content {
namespace {

class GenerationSocket final : public http::WebSocketHandler, public std::enable_shared_from_this<GenerationSocket> {
 public:
  GenerationSocket(std::shared_ptr<ContentContext> context, std::string book_id)
      : context_(std::move(context)), book_id_(std::move(book_id)) {}

  ~GenerationSocket() override { release_subscription(); }

  // On a worker, before the upgrade completes: subscribe first, then read the status, so that
  // nothing published in between is missed (the relay holds it until the status has gone out).
  void subscribe() {
    std::weak_ptr<GenerationSocket> weak = weak_from_this();
    relay_ = std::make_shared<BookEventRelay>(
        [weak](std::string_view, const std::shared_ptr<const std::string>& json) {
          auto self = weak.lock();
          return self && self->outbox_.send(json);
        },
        nullptr);
    auto relay = relay_;
    subscription_ =
        context_->bus->subscribe("book:" + book_id_, [relay](const events::Event& e) { relay->on_event(e); });
    status_ = status_event_json(context_->generation->status(book_id_));
  }

  void on_open(const std::shared_ptr<http::WebSocketPeer>& peer) override {
    outbox_.open(peer, nullptr);
    relay_->start(std::move(status_), false);
  }

  void on_message(std::string_view text) override {
    boost::system::error_code ec;
    const auto message = boost::json::parse(text, ec);
    const auto* obj = ec ? nullptr : message.if_object();
    const auto* type = obj ? obj->if_contains("type") : nullptr;
    if (type == nullptr || !type->is_string()) {
      outbox_.send(http::websocket_error_message(
          R"(messages are JSON objects with a "type"; send {"type":"cancel"} to cancel)"));
      return;
    }
    if (type->as_string() != "cancel") {
      outbox_.send(http::websocket_error_message("unknown message type '" + std::string(type->as_string()) +
                                                 R"('; only "cancel" is understood)"));
      return;
    }
    // Cancelling writes to the database: not on this I/O thread.
    context_->workers->post([self = shared_from_this()] { self->cancel(); });
  }

  void on_close() override {
    outbox_.close();
    // Unsubscribing may wait for the bus; the I/O thread has other connections to serve.
    context_->workers->post([self = shared_from_this()] { self->release_subscription(); });
  }

 private:
  void cancel() {
    try {
      context_->generation->cancel(book_id_);
    } catch (const Error& e) {
      outbox_.send(http::websocket_error_message(e.detail()));
    } catch (const std::exception& e) {
      log::error("cancelling from a WebSocket failed", {{"book_id", book_id_}, {"error", e.what()}});
      outbox_.send(http::websocket_error_message("the generation could not be cancelled; try again"));
    }
  }

  void release_subscription() {
    std::unique_ptr<events::Subscription> gone;
    std::lock_guard lock(mutex_);
    gone = std::move(subscription_);
  }

  std::shared_ptr<ContentContext> context_;
  std::string book_id_;
  std::shared_ptr<BookEventRelay> relay_;
  std::shared_ptr<const std::string> status_;
  http::WebSocketOutbox outbox_;
  std::mutex mutex_;  // guards subscription_
  std::unique_ptr<events::Subscription> subscription_;
};

}  // namespace

http::WebSocketFactory make_generation_socket_factory(std::shared_ptr<ContentContext> context) {
  return [context](const http::Request& request) -> std::shared_ptr<http::WebSocketHandler> {
    const auto principal = auth::sign_in_websocket(*context->authenticator, request);
    const auto book_id = request.query("book_id");
    if (!book_id || book_id->empty()) throw validation_error("book_id", "is required");
    authorize_book(*context, principal, *book_id);
    auto socket = std::make_shared<GenerationSocket>(context, *book_id);
    socket->subscribe();
    return socket;
  };
}

}  // namespace authorworks::content
