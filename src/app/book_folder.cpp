#include "app/book_folder.hpp"

#include "db/database.hpp"

namespace authorworks {

std::filesystem::path book_state_folder(const std::filesystem::path& folder) { return folder / ".authorworks"; }

std::filesystem::path book_database_file(const std::filesystem::path& folder) {
  return book_state_folder(folder) / "book.db";
}

std::shared_ptr<db::Database> open_book_database(const std::filesystem::path& folder, std::size_t connections) {
  auto database = db::Database::open("sqlite://" + book_database_file(folder).string(), connections);
  database->migrate();
  return database;
}

std::optional<FolderBook> folder_book(db::Database& database) {
  const auto result = database.query("SELECT id, title FROM books ORDER BY created_at LIMIT 1");
  if (result.empty()) return std::nullopt;
  return FolderBook{result.first().text("id"), result.first().text("title")};
}

}  // namespace authorworks
