#pragma once
#include <memory>

namespace authorworks::http {
class Router;
}
namespace authorworks::auth {
class Authenticator;
}

namespace authorworks::editor {

class DocumentService;

// GET and PUT /api/v1/editor/document/:id (see SERVICE_ARCHITECTURE.md, "Editor").
void register_editor_routes(http::Router& router, std::shared_ptr<auth::Authenticator> authenticator,
                            std::shared_ptr<DocumentService> documents);

}  // namespace authorworks::editor
