#include "app/folder_book_document.hpp"

#include "export/book_document_loader.hpp"
#include "modules/users/author_name.hpp"

namespace authorworks {

exporting::BookDocument load_folder_book_document(db::Database& database, const std::string& book_id) {
  auto session = database.acquire();
  auto stored = exporting::load_book_document(*session, book_id);
  stored.book.author = users::find_author_name(*session, stored.owner_id).value_or("");
  return std::move(stored.book);
}

}  // namespace authorworks
