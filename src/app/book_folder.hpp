#pragma once
// The folder `authorworks generate` writes a book into: its working state lives in
// DIR/.authorworks/book.db (SQLite), which `authorworks export` reads back. One place says where
// that file is, how it is opened and which book in it is the folder's.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace authorworks {

namespace db {
class Database;
}

// DIR/.authorworks: the database and the lock that keeps a second `generate` out.
std::filesystem::path book_state_folder(const std::filesystem::path& folder);
// DIR/.authorworks/book.db
std::filesystem::path book_database_file(const std::filesystem::path& folder);

// Opens the folder's database with `connections` connections, migrated to this build's schema
// (creating the file when it does not exist: check book_database_file first to refuse that).
std::shared_ptr<db::Database> open_book_database(const std::filesystem::path& folder, std::size_t connections);

struct FolderBook {
  std::string id;
  std::string title;
};

// The folder's book: the first one made in it; nullopt before `generate` has made it.
std::optional<FolderBook> folder_book(db::Database& database);

}  // namespace authorworks
