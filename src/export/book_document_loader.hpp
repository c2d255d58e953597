#pragma once
// Reads a book with its chapters and scenes into the plain document the renderers take.
#include <string>

#include "db/database.hpp"
#include "export/book_document.hpp"

namespace authorworks::exporting {

// The author is the owner's display name, else their username. Throws not_found for an unknown book.
BookDocument load_book_document(db::Session& session, const std::string& book_id);

}  // namespace authorworks::exporting
