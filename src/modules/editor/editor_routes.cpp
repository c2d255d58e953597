#include "modules/editor/editor_routes.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "core/json_body.hpp"
#include "http/router.hpp"
#include "modules/editor/document_service.hpp"
#include "modules/editor/plate_value.hpp"

namespace authorworks::editor {
namespace {

// A Plate value of a long chapter, with its marks, stays well below this.
constexpr std::size_t kMaxDocumentBytes = 4 * 1024 * 1024;

std::string etag_of(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

boost::json::object document_json(const Document& d) {
  return {{"id", d.id},           {"kind", d.kind},       {"book_id", d.book_id},      {"title", d.title},
          {"version", d.version}, {"content", d.content}, {"updated_at", d.updated_at}};
}

http::Response document_response(const Document& d) {
  auto r = http::Response::json(document_json(d));
  r.headers.set("ETag", etag_of(d.version));
  r.headers.set("Cache-Control", "no-store");
  return r;
}

// The version named by If-Match: a strong ETag as this API sends it ("3").
std::int64_t expected_version(const http::Request& request) {
  const auto header = request.header("If-Match");
  if (!header || header->empty()) {
    throw Error(ErrorCode::precondition_required,
                "saving a document needs an If-Match header with the ETag it was opened at, so that a save from a "
                "stale copy cannot overwrite a newer one");
  }
  auto text = *header;
  std::int64_t version = 0;
  const bool quoted = text.size() >= 3 && text.front() == '"' && text.back() == '"';
  if (quoted) {
    text = text.substr(1, text.size() - 2);
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
    if (ec == std::errc() && ptr == text.data() + text.size() && version >= 1) return version;
  }
  throw Error(ErrorCode::bad_request,
              "If-Match must be one strong ETag as GET returned it, such as \"3\" (with the quotes)");
}

http::Response stale_response(const StaleVersion& stale, const http::Request& request) {
  const auto& current = stale.current;
  Error error(ErrorCode::conflict,
              "the document was saved elsewhere since this copy was opened: it is at version " +
                  std::to_string(current.version) +
                  ". Reload it, or save this copy again with If-Match: " + etag_of(current.version));
  auto r = http::Response::problem(error, request.path, request.trace_id);
  auto doc = boost::json::parse(r.body).as_object();
  doc["current_version"] = current.version;
  doc["current"] = document_json(current);
  r.body = boost::json::serialize(doc);
  r.headers.set("ETag", etag_of(current.version));
  return r;
}

}  // namespace

void register_editor_routes(http::Router& router, std::shared_ptr<auth::Authenticator> authenticator,
                            std::shared_ptr<DocumentService> documents) {
  router.get("/api/v1/editor/document/:id", [authenticator, documents](http::Request& request) {
    const auto principal = authenticator->require(request);
    return document_response(documents->open({request, principal}, request.param("id")));
  });

  router.put("/api/v1/editor/document/:id",
             [authenticator, documents](http::Request& request) {
               const auto principal = authenticator->require(request);
               const auto& id = request.param("id");
               const content::Caller caller{request, principal};
               documents->authorize(caller, id);
               const auto version = expected_version(request);
               const auto body = request.json();
               const auto& obj = json_object(body, {"content"});
               const auto* content = obj.if_contains("content");
               if (content == nullptr || content->is_null()) throw validation_error("content", "is required");
               validate_plate_value(*content);
               try {
                 return document_response(documents->save(caller, id, version, content->as_array()));
               } catch (const StaleVersion& stale) {
                 return stale_response(stale, request);
               }
             },
             {.body_limit = kMaxDocumentBytes});
}

}  // namespace authorworks::editor
