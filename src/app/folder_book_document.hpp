#pragma once
// A book folder's book as the exports render it (`authorworks generate` and `export`).
#include <string>

#include "db/database.hpp"
#include "export/book_document.hpp"

namespace authorworks {

// Its author is the folder's account's name. These commands are the whole application in one
// process, so they read the users module's table directly rather than through UserDirectory,
// which answers on a signed-in person's behalf. Throws not_found for an unknown book.
exporting::BookDocument load_folder_book_document(db::Database& database, const std::string& book_id);

}  // namespace authorworks
