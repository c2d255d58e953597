#pragma once
// Reads a book with its chapters and scenes into the plain document the renderers take.
#include <string>

#include "db/database.hpp"
#include "export/book_document.hpp"

namespace authorworks::exporting {

struct StoredBookDocument {
  std::string owner_id;
  // Its author is left empty: a person's name is the users module's to give (users::UserDirectory),
  // and the books' tables say only whose the book is.
  BookDocument book;
};

// Throws not_found for an unknown book.
StoredBookDocument load_book_document(db::Session& session, const std::string& book_id);

}  // namespace authorworks::exporting
