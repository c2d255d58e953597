#include "modules/storage/storage_routes.hpp"

#include <boost/json.hpp>

#include "auth/authenticator.hpp"
#include "db/ids.hpp"
#include "http/router.hpp"
#include "modules/storage/storage_file_service.hpp"
#include "modules/storage/upload_receiver.hpp"

namespace authorworks::storage {
namespace {

// What multipart framing adds around a file: boundaries, part headers, a few small fields.
constexpr std::size_t kMultipartOverhead = 64 * 1024;

boost::json::object file_json(const FileRecord& f) {
  return {{"id", f.id},
          {"user_id", f.user_id},
          {"name", f.name},
          {"content_type", f.content_type},
          {"size", f.size},
          {"sha256", f.sha256},
          {"created_at", f.created_at},
          {"download_url", "/api/v1/files/" + f.id + "/download"}};
}

// The file named by the path, when the signed-in user may reach it; 404 otherwise, the same as
// for a file that does not exist.
FileRecord reachable_file(const StorageRouteContext& c, const http::Request& request, const auth::Principal& who) {
  const auto& id = request.param("id");
  const auto what = "file " + id;
  if (!db::is_id(id)) throw not_found_error(what);
  auto file = c.files->find(id);
  if (!file) throw not_found_error(what);
  auth::require_owner_or_admin(who, file->user_id, what);
  return std::move(*file);
}

}  // namespace

void register_storage_routes(http::Router& router, std::shared_ptr<const StorageRouteContext> context) {
  router.post(
      "/api/v1/files",
      [context](http::Request& request) {
        const auto who = context->authenticator->require(request);
        const auto file =
            receive_upload(*context->files, *context->sniffer, who.user_id, request, context->max_upload_bytes);
        auto r = http::Response::json(file_json(file), 201);
        r.headers.set("Location", "/api/v1/files/" + file.id);
        return r;
      },
      {.body_limit = static_cast<std::size_t>(context->max_upload_bytes + kMultipartOverhead), .spool_body = true});

  router.get("/api/v1/files/:id", [context](http::Request& request) {
    const auto who = context->authenticator->require(request);
    auto r = http::Response::json(file_json(reachable_file(*context, request, who)));
    r.headers.set("Cache-Control", "private, no-cache");
    return r;
  });

  router.get("/api/v1/files/:id/download", [context](http::Request& request) {
    const auto who = context->authenticator->require(request);
    const auto file = reachable_file(*context, request, who);
    try {
      return context->files->download(file, request);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::range_not_satisfiable) throw;
      auto r = http::Response::problem(e, request.path, request.trace_id);
      r.headers.set("Content-Range", "bytes */" + std::to_string(file.size));
      return r;
    }
  });

  router.del("/api/v1/files/:id", [context](http::Request& request) {
    const auto who = context->authenticator->require(request);
    const auto file = reachable_file(*context, request, who);
    context->files->remove(file.id);
    return http::Response::no_content();
  });
}

}  // namespace authorworks::storage
