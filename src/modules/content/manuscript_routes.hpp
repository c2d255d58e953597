#pragma once
// The content service's routes for the other modules' services (the editor's and the storage's
// when they run apart): ManuscriptText and BookDocuments over HTTP. Every route authenticates the
// caller, whose credentials the other service passed on, and answers only for the book's owner or
// an administrator (404 for anybody else, as for a book that does not exist).
//
//   GET /api/v1/passages/:id            a scene or chapter with its scenes' text (passage_json)
//   GET /api/v1/books/:id/editable      200 {book_id, editable: true}; 409 while it is being written
//   PUT /api/v1/books/:id/scenes        {scenes: [{id, text}]} -> 204: replaces the scenes' text
//   GET /api/v1/books/:id/manuscript    {owner_id, book: book_document_json} for exports
#include <memory>

#include "auth/authenticator.hpp"
#include "modules/content/book_documents.hpp"
#include "modules/content/manuscript_text.hpp"

namespace authorworks::http {
class Router;
}

namespace authorworks::content {

void register_manuscript_routes(http::Router& router, std::shared_ptr<auth::Authenticator> authenticator,
                                std::shared_ptr<ManuscriptText> manuscript, std::shared_ptr<BookDocuments> documents);

}  // namespace authorworks::content
