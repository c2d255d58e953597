#include "modules/storage/export_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "export/export_disposition.hpp"
#include "http/router.hpp"

namespace authorworks::storage {
namespace {

namespace json = boost::json;

exporting::ExportFormat parse_format(const std::optional<std::string>& text) {
  if (!text || text->empty()) throw validation_error("format", "is required: one of md, md-zip, epub, pdf");
  const auto format = exporting::parse_export_format(*text);
  if (!format) throw validation_error("format", "must be one of md, md-zip, epub, pdf, not '" + *text + "'");
  return *format;
}

std::string download_path(const BookExport& made) {
  return "/api/v1/books/" + made.book_id + "/export?format=" + std::string(exporting::format_name(made.format));
}

json::object export_json(const BookExport& made) {
  return {{"id", made.file.id},
          {"name", made.file.name},
          {"content_type", made.file.content_type},
          {"size", made.file.size},
          {"sha256", made.file.sha256},
          {"created_at", made.file.created_at},
          {"book_id", made.book_id},
          {"format", exporting::format_name(made.format)},
          {"content_hash", made.content_hash},
          {"cached", made.cached},
          {"download_url", download_path(made)}};
}

}  // namespace

void register_export_routes(http::Router& router, std::shared_ptr<ExportRouteContext> context) {
  router.post("/api/v1/books/:id/export", [context](http::Request& request) {
    const auto principal = context->authenticator->require(request);
    const auto body = request.json();
    std::optional<std::string> format_text;
    if (const auto* object = body.if_object()) {
      if (const auto* value = object->if_contains("format")) {
        if (!value->is_string()) throw validation_error("format", "must be a string: md, md-zip, epub or pdf");
        format_text = std::string(value->as_string());
      }
    } else {
      throw Error(ErrorCode::bad_request, "the body must be a JSON object: {\"format\": \"epub\"}");
    }
    const auto made = context->exports->current({request, principal}, request.param("id"), parse_format(format_text));
    auto response = http::Response::json(export_json(made), 201);
    response.headers.set("Location", download_path(made));
    response.headers.set("Cache-Control", "no-store");
    return response;
  });

  router.get("/api/v1/books/:id/export", [context](http::Request& request) {
    const auto principal = context->authenticator->require(request);
    const auto format = parse_format(request.query("format"));
    const auto made = context->exports->current({request, principal}, request.param("id"), format);
    auto response = context->files->download(made.file, request);
    response.headers.set("Content-Disposition", exporting::export_disposition(made.title, format));
    response.headers.set("X-Export-Content-Hash", made.content_hash);
    return response;
  });
}

}  // namespace authorworks::storage
