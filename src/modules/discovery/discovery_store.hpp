#pragma once
// The discovery module's tables (published_books and, on SQLite, its FTS5 index): what was
// published, as it was when published. Blocking (database): call from the worker pool.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace authorworks::db {
class Database;
}

namespace authorworks::discovery {

struct PublishedScene {
  int number = 0;
  std::string title;
  std::int64_t words = 0;
  std::string text;
};

struct PublishedChapter {
  int number = 0;
  std::string title;
  std::int64_t words = 0;
  std::vector<PublishedScene> scenes;
};

struct PublishedBook {
  std::string book_id;
  std::string user_id;
  std::string title;
  std::string kind;
  std::optional<std::string> genre;
  std::string author;
  std::string description;
  std::int64_t words = 0;
  std::optional<std::string> writer;
  std::string published_at;
  std::string updated_at;
  std::vector<PublishedChapter> chapters;  // empty in search results
};

struct DiscoverQuery {
  std::string text;                   // full-text over title, genre, kind, author and description
  std::optional<std::string> genre;   // exact, any case
  std::optional<std::string> kind;    // novel, screenplay or play
  std::optional<std::string> author;  // exact, any case
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};

struct DiscoverPage {
  std::vector<PublishedBook> books;
  std::int64_t total = 0;
};

class DiscoveryStore {
 public:
  explicit DiscoveryStore(std::shared_ptr<db::Database> database);

  // Publishes `book` (its chapters included), or replaces what was published of it; a republished
  // book keeps its first published_at. True when it was not published before.
  bool publish(const PublishedBook& book);
  // False when it was not published.
  bool unpublish(const std::string& book_id);
  std::optional<PublishedBook> find(const std::string& book_id);
  // Matches by relevance when there is search text, else newest first.
  DiscoverPage search(const DiscoverQuery& query);

 private:
  std::shared_ptr<db::Database> database_;
};

}  // namespace authorworks::discovery
