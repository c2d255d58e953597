#include "modules/content/book_repository.hpp"

#include <map>

#include "db/database.hpp"

namespace authorworks::content {
namespace {

// A book's status is its latest job's: the book row cannot say that a job is queued or was
// cancelled, and the jobs table is what the engine keeps exact.
constexpr std::string_view kSummaryColumns =
    "SELECT b.id, b.user_id, b.title, b.kind, b.genre, b.status, b.words, b.target_words, b.cost_usd, b.writer, "
    "b.created_at, b.updated_at, b.completed_at, "
    "(SELECT j.status FROM generation_jobs j WHERE j.book_id = b.id ORDER BY j.created_at DESC, j.id DESC LIMIT 1) "
    "AS job_status ";

BookSummary summary_of(const db::Row& row) {
  BookSummary b;
  b.id = row.text("id");
  b.user_id = row.text("user_id");
  b.title = row.text("title");
  b.kind = row.text("kind");
  b.genre = row.optional_text("genre");
  b.status = row.optional_text("job_status").value_or(row.text("status"));
  b.words = row.integer("words");
  b.target_words = row.optional_integer("target_words");
  b.cost_usd = row.real("cost_usd");
  b.writer = row.optional_text("writer");
  b.created_at = row.text("created_at");
  b.updated_at = row.text("updated_at");
  b.completed_at = row.optional_text("completed_at");
  return b;
}

}  // namespace

BookRepository::BookRepository(std::shared_ptr<db::Database> database) : database_(std::move(database)) {}

std::optional<std::string> BookRepository::owner_of(const std::string& book_id) {
  const auto result = database_->query("SELECT user_id FROM books WHERE id = ?", {book_id});
  if (result.empty()) return std::nullopt;
  return result.first().text("user_id");
}

std::vector<BookSummary> BookRepository::list_by_owner(const std::string& user_id, std::int64_t limit,
                                                       std::int64_t offset, BookOrder order) {
  const std::string_view order_by =
      order == BookOrder::newest ? "ORDER BY b.created_at DESC, b.id DESC " : "ORDER BY b.updated_at DESC, b.id DESC ";
  const auto result = database_->query(
      std::string(kSummaryColumns) + "FROM books b WHERE b.user_id = ? " + std::string(order_by) + "LIMIT ? OFFSET ?",
      {user_id, limit, offset});
  std::vector<BookSummary> books;
  books.reserve(result.rows.size());
  for (const auto& row : result.rows) books.push_back(summary_of(row));
  return books;
}

std::int64_t BookRepository::count_by_owner(const std::string& user_id) {
  return database_->query("SELECT COUNT(*) AS n FROM books WHERE user_id = ?", {user_id}).first().integer("n");
}

std::optional<BookRecord> BookRepository::find(const std::string& book_id) {
  // No transaction: on SQLite it would take the write lock the engine needs. A scene written
  // between the two reads cannot show up without its chapter: scenes are matched to chapters read
  // before them, and the rest are left for the next read.
  auto session = database_->acquire();
  auto& s = *session;
  std::optional<BookRecord> book;
  {
    const auto head =
        s.query(std::string(kSummaryColumns) + ", b.braindump, b.tokens_in, b.tokens_out FROM books b WHERE b.id = ?",
                {book_id});
    if (head.empty()) return book;
    const auto& row = head.first();
    book.emplace();
    book->summary = summary_of(row);
    book->braindump = row.text("braindump");
    book->tokens_in = row.integer("tokens_in");
    book->tokens_out = row.integer("tokens_out");

    std::map<std::string, std::size_t> chapter_index;
    for (const auto& c :
         s.query("SELECT id, number, title, summary, words FROM chapters WHERE book_id = ? ORDER BY number", {book_id})
             .rows) {
      chapter_index[c.text("id")] = book->chapters.size();
      book->chapters.push_back({c.text("id"),
                                static_cast<int>(c.integer("number")),
                                c.text("title"),
                                c.text("summary"),
                                c.integer("words"),
                                {}});
    }
    for (const auto& sc : s.query("SELECT id, chapter_id, number, title, text, summary, words, updated_at FROM scenes "
                                  "WHERE book_id = ? ORDER BY number",
                                  {book_id})
                              .rows) {
      const auto it = chapter_index.find(sc.text("chapter_id"));
      if (it == chapter_index.end()) continue;
      book->chapters[it->second].scenes.push_back({sc.text("id"), static_cast<int>(sc.integer("number")),
                                                   sc.text("title"), sc.text("text"), sc.text("summary"),
                                                   sc.integer("words"), sc.text("updated_at")});
    }
  }
  return book;
}

bool BookRepository::remove(const std::string& book_id) {
  return database_->execute("DELETE FROM books WHERE id = ?", {book_id}) > 0;
}

}  // namespace authorworks::content
