#pragma once
// POST /api/v1/books/:id/export renders (or finds) the book's export and answers its file record;
// GET /api/v1/books/:id/export?format= sends the file itself, rendered first when the book has
// changed since the last export.
#include <memory>

#include "auth/authenticator.hpp"
#include "modules/storage/book_exports.hpp"
#include "modules/storage/file_service.hpp"

namespace authorworks::http {
class Router;
}

namespace authorworks::storage {

struct ExportRouteContext {
  std::shared_ptr<auth::Authenticator> authenticator;
  std::shared_ptr<BookExports> exports;
  std::shared_ptr<FileService> files;
};

void register_export_routes(http::Router& router, std::shared_ptr<ExportRouteContext> context);

}  // namespace authorworks::storage
