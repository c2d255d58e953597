#pragma once
// A book's current export in a format: found in the `exports` table by (book, format, content
// hash), or rendered, stored as a file of the book's owner and recorded there. A changed book has
// a new hash, so the next request renders it again and the stale file of that format goes.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "auth/authenticator.hpp"
#include "db/database.hpp"
#include "export/book_document.hpp"
#include "export/export_format.hpp"
#include "modules/content/book_documents.hpp"
#include "modules/storage/file_service.hpp"

namespace authorworks::storage {

struct BookExport {
  FileRecord file;
  std::string book_id;
  exporting::ExportFormat format = exporting::ExportFormat::epub;
  std::string content_hash;
  std::string title;    // the book's, for the download's file name
  bool cached = false;  // true when the file was made by an earlier request
};

class BookExports {
 public:
  // `database` holds the storage module's `exports` table; the books come from `books` (the content
  // module's). Rendering writes its file under `scratch_directory` before the file service copies
  // it in.
  BookExports(std::shared_ptr<db::Database> database, std::shared_ptr<content::BookDocuments> books,
              std::shared_ptr<FileService> files, std::filesystem::path scratch_directory);

  // The export of `book_id` in `format` as it stands now, rendered when there is none yet. Blocks
  // while rendering: call it from a worker thread. Throws not_found for a book that does not exist
  // or that the caller may not see, conflict for a book with no text yet, unavailable when the
  // object store or the content service is down.
  BookExport current(const content::Caller& caller, const std::string& book_id, exporting::ExportFormat format);

 private:
  std::optional<BookExport> stored(const std::string& book_id, exporting::ExportFormat format,
                                   const std::string& content_hash);
  BookExport render(const exporting::BookDocument& book, const std::string& owner_id, exporting::ExportFormat format,
                    const std::string& content_hash);
  void remove_stale(const std::string& book_id, exporting::ExportFormat format, const std::string& content_hash);
  // One lock per (book, format): a second request for the same export waits for the first to
  // render it instead of rendering it again.
  std::shared_ptr<std::mutex> lock_for(const std::string& key);

  std::shared_ptr<db::Database> database_;
  std::shared_ptr<content::BookDocuments> books_;
  std::shared_ptr<FileService> files_;
  std::filesystem::path scratch_;
  std::mutex locks_mutex_;
  std::map<std::string, std::weak_ptr<std::mutex>> locks_;
};

}  // namespace authorworks::storage
