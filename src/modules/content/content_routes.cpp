#include "modules/content/content_routes.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "core/json_body.hpp"
#include "db/ids.hpp"
#include "generation/generation_service.hpp"
#include "http/router.hpp"
#include "modules/content/book_access.hpp"
#include "modules/content/book_event_stream.hpp"
#include "modules/content/book_json.hpp"
#include "modules/content/book_repository.hpp"
#include "modules/content/content_context.hpp"
#include "modules/content/generate_request.hpp"
#include "modules/content/generation_socket.hpp"

namespace authorworks::content {
namespace {

constexpr int kMaxChapterNumber = 10'000;
constexpr int kMaxSceneNumber = 10'000;

http::Response accepted(const generation::Started& started) {
  auto r = http::Response::json(started_json(started), 202);
  r.headers.set("Location", "/api/v1/books/" + started.book_id + "/status");
  return r;
}

http::Response no_store(http::Response r) {
  r.headers.set("Cache-Control", "no-store");
  return r;
}

int chapter_param(const http::Request& request) {
  const auto& text = request.param("chapter");
  int number = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, number);
  if (ec != std::errc() || ptr != end || number < 1 || number > kMaxChapterNumber) {
    throw validation_error("chapter", "must be a chapter number from 1 to " + std::to_string(kMaxChapterNumber));
  }
  return number;
}

// `sort`: created (newest first, the default) or updated (most recently changed first).
BookOrder book_order_param(const http::Request& request) {
  const auto sort = request.query("sort").value_or("created");
  if (sort == "created" || sort.empty()) return BookOrder::newest;
  if (sort == "updated") return BookOrder::recently_changed;
  throw validation_error("sort", "must be created or updated");
}

}  // namespace

void register_content_routes(http::Router& router, std::shared_ptr<ContentContext> context) {
  auto generate = [context](http::Request& request) {
    const auto principal = context->authenticator->require(request);
    const auto body = request.json();
    return accepted(context->generation->generate(parse_generate_request(body, principal.user_id)));
  };
  router.post("/api/v1/books/generate", generate);
  router.post("/api/generate", generate);

  auto list = [context](http::Request& request) {
    const auto principal = context->authenticator->require(request);
    // Another user's books (`user_id`) for administrators; for anybody else they do not exist.
    const auto user_id = request.query("user_id").value_or(principal.user_id);
    if (user_id != principal.user_id) {
      if (!db::is_id(user_id)) throw not_found_error("user " + user_id);
      auth::require_owner_or_admin(principal, user_id, "user " + user_id);
    }
    const auto limit = request.query_int("limit", 50, 1, 200);
    const auto offset = request.query_int("offset", 0, 0, 1'000'000'000);
    const auto order = book_order_param(request);
    boost::json::array books;
    for (const auto& b : context->books->list_by_owner(user_id, limit, offset, order)) books.push_back(summary_json(b));
    return no_store(http::Response::json(boost::json::object{{"books", std::move(books)},
                                                             {"total", context->books->count_by_owner(user_id)},
                                                             {"limit", limit},
                                                             {"offset", offset}}));
  };
  router.get("/api/v1/books", list);
  router.get("/api/books", list);

  auto read = [context](http::Request& request) {
    const auto& id = request.param("id");
    authorize_book(*context, request, id);
    auto book = context->books->find(id);
    if (!book) throw not_found_error("book " + id);
    auto json = book_json(*book);
    // The writer is recorded on the book once the engine knows it; until then the status names it.
    if (!book->summary.writer) json["writer"] = context->generation->status(id).writer;
    return no_store(http::Response::json(json));
  };
  router.get("/api/v1/books/:id", read);
  router.get("/api/books/:id", read);

  auto status = [context](http::Request& request) {
    const auto& id = request.param("id");
    authorize_book(*context, request, id);
    return no_store(http::Response::json(status_json(context->generation->status(id))));
  };
  router.get("/api/v1/books/:id/status", status);
  router.get("/api/books/:id/status", status);

  router.del("/api/v1/books/:id", [context](http::Request& request) {
    const auto& id = request.param("id");
    authorize_book(*context, request, id);
    // A job still writing would fail on rows that vanished under it; stop it first.
    const auto current = context->generation->status(id);
    if (current.status == "queued" || current.status == "running") {
      try {
        context->generation->cancel(id);
      } catch (const Error& e) {
        if (e.code() != ErrorCode::conflict) throw;  // it finished in the meantime
      }
    }
    if (!context->books->remove(id)) throw not_found_error("book " + id);
    return http::Response::no_content();
  });

  router.post("/api/v1/books/:id/cancel", [context](http::Request& request) {
    const auto& id = request.param("id");
    authorize_book(*context, request, id);
    context->generation->cancel(id);
    return no_store(http::Response::json(status_json(context->generation->status(id)), 202));
  });

  router.post("/api/v1/books/:id/resume", [context](http::Request& request) {
    const auto& id = request.param("id");
    authorize_book(*context, request, id);
    return accepted(context->generation->resume(id));
  });

  router.post("/api/v1/books/:id/chapters/:chapter/scenes", [context](http::Request& request) {
    const auto& id = request.param("id");
    authorize_book(*context, request, id);
    const auto chapter = chapter_param(request);
    const auto body = request.json();
    const auto& obj = json_object(body, {"scene"});
    const auto scene = optional_int(obj, "scene", 1, kMaxSceneNumber);
    if (!scene) throw validation_error("scene", "is required");
    return accepted(context->generation->regenerate_scene(id, chapter, static_cast<int>(*scene)));
  });

  router.get("/api/v1/writer", [context](http::Request& request) {
    context->authenticator->require(request);
    const auto& w = context->writer;
    return http::Response::json(boost::json::object{{"provider", w.provider},
                                                    {"model", w.model},
                                                    {"is_model", w.is_model},
                                                    {"label", w.label},
                                                    {"api_key_set", context->writer_api_key_set}});
  });

  router.get("/api/v1/books/:id/events", [context](http::Request& request) {
    const auto& id = request.param("id");
    authorize_book(*context, request, id);
    http::Response r;
    r.stream = open_book_event_stream(*context, id);
    return r;
  });

  router.websocket("/ws/generate", make_generation_socket_factory(context));
}

}  // namespace authorworks::content
