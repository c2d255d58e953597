#include "modules/content/book_event_stream.hpp"

#include <atomic>

#include "events/event_bus.hpp"
#include "generation/generation_service.hpp"
#include "http/event_stream.hpp"
#include "modules/content/book_event_relay.hpp"
#include "modules/content/book_json.hpp"
#include "modules/content/content_context.hpp"
#include "runtime/worker_pool.hpp"

namespace authorworks::content {

std::shared_ptr<http::EventStream> open_book_event_stream(ContentContext& context, const std::string& book_id) {
  // Room for the burst of text deltas a fast writer sends (the offline writer drafts a chapter in
  // milliseconds); a client that lets more pile up than this is disconnected.
  auto stream = std::make_shared<http::EventStream>(4096);
  std::weak_ptr<http::EventStream> weak = stream;
  auto sequence = std::make_shared<std::atomic<std::uint64_t>>(0);
  auto relay = std::make_shared<BookEventRelay>(
      [weak, sequence](std::string_view type, const std::shared_ptr<const std::string>& json) {
        auto s = weak.lock();
        return s && s->push_event(type, *json, std::to_string(++*sequence));
      },
      [weak] {
        if (auto s = weak.lock()) s->finish();
      });
  auto subscription =
      context.bus->subscribe("book:" + book_id, [relay](const events::Event& e) { relay->on_event(e); });
  generation::BookStatus status;
  try {
    status = context.generation->status(book_id);
  } catch (...) {
    subscription.reset();
    throw;
  }
  // The stream ends when the client leaves, the server stops, or after a terminal event; the
  // subscription goes then. It may end from inside the bus's callback (a client that fell too far
  // behind), so the subscription is released on a worker rather than in that callback.
  auto* workers = context.workers;
  std::shared_ptr<events::Subscription> held(std::move(subscription));
  stream->on_close([held, workers]() mutable { workers->post([held = std::move(held)]() mutable { held.reset(); }); });
  relay->start(status_event_json(status), is_terminal_status(status.status));
  return stream;
}

}  // namespace authorworks::content
