#pragma once
// The books a person sees through the content routes: lists, one book with its chapters and
// scenes, who owns a book, and deleting one. The generation engine writes these rows; this only
// reads them (and deletes a whole book, whose rows go with it by ON DELETE CASCADE).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace authorworks::db {
class Database;
}

namespace authorworks::content {

struct BookSummary {
  std::string id;
  std::string user_id;
  std::string title;
  std::string kind;
  std::optional<std::string> genre;
  std::string status;  // the latest generation job's, or the book's own when it never had a job
  std::int64_t words = 0;
  std::optional<std::int64_t> target_words;
  double cost_usd = 0;
  std::optional<std::string> writer;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> completed_at;
};

struct SceneRecord {
  std::string id;  // the editor's document id for the scene
  int number = 0;
  std::string title;
  std::string text;
  std::string summary;
  std::int64_t words = 0;
  std::string updated_at;
};

struct ChapterRecord {
  std::string id;  // the editor's document id for the whole chapter
  int number = 0;
  std::string title;
  std::string summary;
  std::int64_t words = 0;
  std::vector<SceneRecord> scenes;
};

struct BookRecord {
  BookSummary summary;
  std::string braindump;
  std::int64_t tokens_in = 0;
  std::int64_t tokens_out = 0;
  std::vector<ChapterRecord> chapters;
};

// How a list of books is ordered: newest first (by creation), or most recently changed first.
enum class BookOrder { newest, recently_changed };

// Blocking (database): call from the worker pool.
class BookRepository {
 public:
  explicit BookRepository(std::shared_ptr<db::Database> database);

  // nullopt when there is no such book.
  std::optional<std::string> owner_of(const std::string& book_id);
  std::vector<BookSummary> list_by_owner(const std::string& user_id, std::int64_t limit, std::int64_t offset,
                                         BookOrder order = BookOrder::newest);
  std::int64_t count_by_owner(const std::string& user_id);
  std::optional<BookRecord> find(const std::string& book_id);
  // False when there was no such book.
  bool remove(const std::string& book_id);

 private:
  std::shared_ptr<db::Database> database_;
};

}  // namespace authorworks::content
