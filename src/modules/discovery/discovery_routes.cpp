#include "modules/discovery/discovery_routes.hpp"

#include <boost/json.hpp>

#include "auth/authenticator.hpp"
#include "core/json_body.hpp"
#include "db/ids.hpp"
#include "http/router.hpp"
#include "modules/content/book_catalog.hpp"
#include "modules/discovery/discovery_store.hpp"

namespace authorworks::discovery {
namespace {

constexpr std::size_t kMaxDescriptionBytes = 4000;
constexpr std::size_t kMaxQueryBytes = 200;
constexpr std::size_t kMaxFilterBytes = 100;

template <class T>
boost::json::value or_null(const std::optional<T>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

boost::json::object entry_json(const PublishedBook& b) {
  return {{"id", b.book_id},
          {"title", b.title},
          {"kind", b.kind},
          {"genre", or_null(b.genre)},
          {"author", b.author},
          {"description", b.description},
          {"words", b.words},
          {"writer", or_null(b.writer)},
          {"published_at", b.published_at},
          {"updated_at", b.updated_at},
          {"url", "/api/v1/discover/" + b.book_id}};
}

boost::json::object page_json(const PublishedBook& b) {
  auto out = entry_json(b);
  boost::json::array chapters;
  for (const auto& c : b.chapters) {
    boost::json::array scenes;
    for (const auto& s : c.scenes) {
      scenes.push_back(
          boost::json::object{{"number", s.number}, {"title", s.title}, {"words", s.words}, {"text", s.text}});
    }
    chapters.push_back(boost::json::object{
        {"number", c.number}, {"title", c.title}, {"words", c.words}, {"scenes", std::move(scenes)}});
  }
  out["chapters"] = std::move(chapters);
  return out;
}

// Published pages are public and change only when their writer republishes.
http::Response public_json(const boost::json::value& body) {
  auto r = http::Response::json(body);
  r.headers.set("Cache-Control", "public, max-age=30");
  return r;
}

std::optional<std::string> filter_param(const http::Request& request, std::string_view name, std::size_t max_bytes) {
  auto value = request.query(name);
  if (!value || value->empty()) return std::nullopt;
  if (value->size() > max_bytes) {
    throw validation_error(std::string(name), "must be at most " + std::to_string(max_bytes) + " bytes");
  }
  return value;
}

PublishedBook to_published(const content::BookRecord& book, std::string author, std::string description) {
  PublishedBook p;
  p.book_id = book.summary.id;
  p.user_id = book.summary.user_id;
  p.title = book.summary.title;
  p.kind = book.summary.kind;
  p.genre = book.summary.genre;
  p.author = std::move(author);
  p.description = std::move(description);
  p.words = book.summary.words;
  p.writer = book.summary.writer;
  for (const auto& c : book.chapters) {
    PublishedChapter chapter{c.number, c.title, c.words, {}};
    for (const auto& s : c.scenes) chapter.scenes.push_back({s.number, s.title, s.words, s.text});
    p.chapters.push_back(std::move(chapter));
  }
  return p;
}

}  // namespace

void register_discovery_routes(http::Router& router, std::shared_ptr<auth::Authenticator> authenticator,
                               std::shared_ptr<content::BookCatalog> books, std::shared_ptr<DiscoveryStore> store) {
  router.post("/api/v1/books/:id/publish", [authenticator, books, store](http::Request& request) {
    const auto principal = authenticator->require(request);
    const auto& id = request.param("id");
    std::string description;
    if (!request.body.empty()) {
      const auto body = request.json();
      const auto& obj = json_object(body, {"description"});
      description = optional_string(obj, "description", kMaxDescriptionBytes).value_or("");
    }
    // The content module decides who may see the book (404 for anybody but its owner and admins).
    const auto book = books->book({request, principal}, id);
    if (book.summary.user_id != principal.user_id) {
      throw Error(ErrorCode::forbidden, "only the book's writer can publish it");
    }
    if (book.summary.status != "completed") {
      throw Error(ErrorCode::conflict, "only a finished book can be published; this one is " + book.summary.status);
    }
    const bool first = store->publish(to_published(book, principal.username, std::move(description)));
    const auto published = store->find(id);
    if (!published) throw not_found_error("book " + id);  // unpublished in between
    auto r = http::Response::json(entry_json(*published), first ? 201 : 200);
    r.headers.set("Location", "/api/v1/discover/" + id);
    return r;
  });

  router.post("/api/v1/books/:id/unpublish", [authenticator, store](http::Request& request) {
    const auto principal = authenticator->require(request);
    const auto& id = request.param("id");
    const auto what = "published book " + id;
    const auto published = db::is_id(id) ? store->find(id) : std::nullopt;
    if (!published) throw not_found_error(what);
    // Its writer, or an administrator taking it down.
    auth::require_owner_or_admin(principal, published->user_id, what);
    if (!store->unpublish(id)) throw not_found_error(what);
    return http::Response::no_content();
  });

  router.get("/api/v1/discover", [store](http::Request& request) {
    DiscoverQuery query;
    query.text = filter_param(request, "q", kMaxQueryBytes).value_or("");
    query.genre = filter_param(request, "genre", kMaxFilterBytes);
    query.kind = filter_param(request, "kind", kMaxFilterBytes);
    if (query.kind && *query.kind != "novel" && *query.kind != "screenplay" && *query.kind != "play") {
      throw validation_error("kind", "must be novel, screenplay or play");
    }
    query.author = filter_param(request, "author", kMaxFilterBytes);
    query.limit = request.query_int("limit", 20, 1, 100);
    query.offset = request.query_int("offset", 0, 0, 1'000'000'000);
    const auto page = store->search(query);
    boost::json::array list;
    for (const auto& b : page.books) list.push_back(entry_json(b));
    return public_json(boost::json::object{
        {"books", std::move(list)}, {"total", page.total}, {"limit", query.limit}, {"offset", query.offset}});
  });

  router.get("/api/v1/discover/:id", [store](http::Request& request) {
    const auto& id = request.param("id");
    const auto published = db::is_id(id) ? store->find(id) : std::nullopt;
    if (!published) throw not_found_error("published book " + id);
    return public_json(page_json(*published));
  });
}

}  // namespace authorworks::discovery
