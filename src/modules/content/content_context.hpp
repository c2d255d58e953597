#pragma once
// What the content routes, the event stream and the WebSocket share: found or made once, at start.
#include <memory>

#include "llm/writer.hpp"

namespace authorworks {
class WorkerPool;
}
namespace authorworks::auth {
class Authenticator;
}
namespace authorworks::events {
class EventBus;
}
namespace authorworks::generation {
class GenerationService;
}

namespace authorworks::content {

class BookRepository;

struct ContentContext {
  std::shared_ptr<auth::Authenticator> authenticator;
  std::shared_ptr<generation::GenerationService> generation;
  std::shared_ptr<events::EventBus> bus;
  std::shared_ptr<BookRepository> books;
  // Where blocking work started from an I/O thread goes (WebSocket messages, releasing a
  // subscription from inside the bus's own callback). Outlives the module: it is joined last.
  WorkerPool* workers = nullptr;
  // The configured writer, for GET /api/v1/writer: the web app names it on the new-book and settings
  // screens, and says whether its API key is set.
  llm::WriterInfo writer;
  bool writer_api_key_set = false;
};

}  // namespace authorworks::content
