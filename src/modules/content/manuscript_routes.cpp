#include "modules/content/manuscript_routes.hpp"

#include <boost/json.hpp>

#include "core/json_body.hpp"
#include "export/book_document_json.hpp"
#include "http/router.hpp"
#include "modules/content/passage_json.hpp"

namespace authorworks::content {
namespace {

namespace json = boost::json;

// A chapter's scenes as the editor saves them, with room for its marks' text; well above any book.
constexpr std::size_t kMaxScenesBodyBytes = 8 * 1024 * 1024;
constexpr std::size_t kMaxScenesPerSave = 10'000;
constexpr std::size_t kMaxSceneTextBytes = 4 * 1024 * 1024;

std::vector<SceneText> parse_scene_texts(const json::value& body) {
  const auto& obj = json_object(body, {"scenes"});
  const auto* scenes = obj.if_contains("scenes");
  if (scenes == nullptr || scenes->is_null()) throw validation_error("scenes", "is required");
  if (!scenes->is_array() || scenes->as_array().empty() || scenes->as_array().size() > kMaxScenesPerSave) {
    throw validation_error("scenes",
                           "must be a list of 1 to " + std::to_string(kMaxScenesPerSave) + " objects {id, text}");
  }
  std::vector<SceneText> out;
  for (const auto& scene : scenes->as_array()) {
    if (!scene.is_object()) throw validation_error("scenes", "must be a list of objects {id, text}");
    const auto& entry = json_object(scene, {"id", "text"});
    out.push_back({required_string(entry, "id", 64), required_string(entry, "text", kMaxSceneTextBytes)});
  }
  return out;
}

http::Response no_store(http::Response r) {
  r.headers.set("Cache-Control", "no-store");
  return r;
}

}  // namespace

void register_manuscript_routes(http::Router& router, std::shared_ptr<auth::Authenticator> authenticator,
                                std::shared_ptr<ManuscriptText> manuscript, std::shared_ptr<BookDocuments> documents) {
  router.get("/api/v1/passages/:id", [authenticator, manuscript](http::Request& request) {
    const auto principal = authenticator->require(request);
    const auto& id = request.param("id");
    const auto passage = manuscript->find({request, principal}, id);
    if (!passage) throw not_found_error("scene or chapter " + id);
    return no_store(http::Response::json(passage_json(*passage)));
  });

  router.get("/api/v1/books/:id/editable", [authenticator, manuscript](http::Request& request) {
    const auto principal = authenticator->require(request);
    const auto& book_id = request.param("id");
    manuscript->require_not_generating({request, principal}, book_id);
    return no_store(http::Response::json(json::object{{"book_id", book_id}, {"editable", true}}));
  });

  router.put("/api/v1/books/:id/scenes",
             [authenticator, manuscript](http::Request& request) {
               const auto principal = authenticator->require(request);
               const auto& book_id = request.param("id");
               const auto scenes = parse_scene_texts(request.json());
               manuscript->replace({request, principal}, book_id, scenes);
               return http::Response::no_content();
             },
             {.body_limit = kMaxScenesBodyBytes});

  router.get("/api/v1/books/:id/manuscript", [authenticator, documents](http::Request& request) {
    const auto principal = authenticator->require(request);
    const auto owned = documents->load({request, principal}, request.param("id"));
    return no_store(http::Response::json(
        json::object{{"owner_id", owned.owner_id}, {"book", exporting::book_document_json(owned.book)}}));
  });
}

}  // namespace authorworks::content
