#include "modules/storage/book_exports.hpp"

#include "core/error.hpp"
#include "core/log.hpp"
#include "db/ids.hpp"
#include "db/timestamps.hpp"
#include "export/exporter.hpp"

namespace authorworks::storage {
namespace {

namespace fs = std::filesystem;

bool has_text(const exporting::BookDocument& book) {
  for (const auto& chapter : book.chapters) {
    for (const auto& scene : chapter.scenes) {
      if (scene.text.find_first_not_of(" \t\r\n") != std::string::npos) return true;
    }
  }
  return false;
}

// A rendered file in the scratch folder, removed however the request ends.
class ScratchFile {
 public:
  explicit ScratchFile(fs::path path) : path_(std::move(path)) {}
  ~ScratchFile() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const fs::path& path() const noexcept { return path_; }

 private:
  fs::path path_;
};

// The name the file carries in the user's files: the title as written, with the extension.
std::string display_name(const exporting::BookDocument& book, exporting::ExportFormat format) {
  return (book.title.empty() ? std::string("book") : book.title) + std::string(exporting::file_extension(format));
}

}  // namespace

BookExports::BookExports(std::shared_ptr<db::Database> database, std::shared_ptr<content::BookDocuments> books,
                         std::shared_ptr<FileService> files, fs::path scratch_directory)
    : database_(std::move(database)),
      books_(std::move(books)),
      files_(std::move(files)),
      scratch_(std::move(scratch_directory)) {}

std::shared_ptr<std::mutex> BookExports::lock_for(const std::string& key) {
  std::lock_guard guard(locks_mutex_);
  // Locks nobody holds any more are dropped as they are met, so the map stays small.
  for (auto it = locks_.begin(); it != locks_.end();) {
    it = it->second.expired() ? locks_.erase(it) : std::next(it);
  }
  auto& slot = locks_[key];
  auto lock = slot.lock();
  if (!lock) {
    lock = std::make_shared<std::mutex>();
    slot = lock;
  }
  return lock;
}

BookExport BookExports::current(const content::Caller& caller, const std::string& book_id,
                                exporting::ExportFormat format) {
  if (!db::is_id(book_id)) throw not_found_error("book " + book_id);
  const auto lock = lock_for(book_id + "/" + std::string(exporting::format_name(format)));
  std::lock_guard guard(*lock);
  // Read under the lock, so that requests waiting for one rendering see the book no older than it.
  // The content side checks that the book is the caller's.
  auto [owner_id, book] = books_->load(caller, book_id);
  if (!has_text(book)) {
    throw Error(ErrorCode::conflict, "the book has no text yet: export it once its first scene is written");
  }
  const auto hash = exporting::export_content_hash(book, format);
  if (auto found = stored(book_id, format, hash)) {
    found->title = book.title;
    return *found;
  }
  auto made = render(book, owner_id, format, hash);
  remove_stale(book_id, format, hash);
  return made;
}

std::optional<BookExport> BookExports::stored(const std::string& book_id, exporting::ExportFormat format,
                                              const std::string& content_hash) {
  const auto row = database_->query("SELECT file_id FROM exports WHERE book_id = ? AND format = ? AND content_hash = ?",
                                    {book_id, std::string(exporting::format_name(format)), content_hash});
  if (row.empty()) return std::nullopt;
  auto file = files_->find(row.first().text("file_id"));
  if (!file) return std::nullopt;
  BookExport found;
  found.file = std::move(*file);
  found.book_id = book_id;
  found.format = format;
  found.content_hash = content_hash;
  found.cached = true;
  return found;
}

BookExport BookExports::render(const exporting::BookDocument& book, const std::string& owner_id,
                               exporting::ExportFormat format, const std::string& content_hash) {
  std::error_code ec;
  fs::create_directories(scratch_, ec);
  if (ec) throw Error(ErrorCode::internal, "cannot create '" + scratch_.string() + "': " + ec.message());
  const ScratchFile scratch(scratch_ / ("export-" + db::new_id() + std::string(exporting::file_extension(format))));
  const auto started = std::chrono::steady_clock::now();
  exporting::render_export(book, format, scratch.path());
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();

  BookExport made;
  made.file = files_->store_file(owner_id, display_name(book, format), std::string(exporting::content_type(format)),
                                 Bucket::exports, scratch.path());
  made.book_id = book.id;
  made.format = format;
  made.content_hash = content_hash;
  made.title = book.title;
  try {
    database_->execute(
        "INSERT INTO exports (id, book_id, format, file_id, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        {db::new_id(), book.id, std::string(exporting::format_name(format)), made.file.id, content_hash,
         db::now_timestamp()});
  } catch (...) {
    // The book went away while it rendered (or another process recorded the same export): the
    // file would be an orphan.
    files_->remove(made.file.id);
    throw;
  }
  log::info("book exported", {{"book_id", book.id},
                              {"format", std::string(exporting::format_name(format))},
                              {"bytes", static_cast<std::int64_t>(made.file.size)},
                              {"ms", static_cast<std::int64_t>(elapsed)}});
  return made;
}

void BookExports::remove_stale(const std::string& book_id, exporting::ExportFormat format,
                               const std::string& content_hash) {
  const auto rows =
      database_->query("SELECT file_id FROM exports WHERE book_id = ? AND format = ? AND content_hash <> ?",
                       {book_id, std::string(exporting::format_name(format)), content_hash});
  for (const auto& row : rows.rows) {
    try {
      files_->remove(row.text("file_id"));  // the exports row goes with its file
    } catch (const Error& e) {
      // The new export is made; an old one left behind is only space, tried again next time.
      log::warn("stale export not removed", {{"book_id", book_id}, {"error", e.detail()}});
    }
  }
}

}  // namespace authorworks::storage
