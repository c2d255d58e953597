#pragma once
#include <memory>

namespace authorworks::http {
class Router;
}

namespace authorworks::content {

struct ContentContext;

// /api/v1/books/..., /ws/generate, and the short aliases older clients use (/api/generate,
// /api/books, /api/books/:id, /api/books/:id/status).
void register_content_routes(http::Router& router, std::shared_ptr<ContentContext> context);

}  // namespace authorworks::content
