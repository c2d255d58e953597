#include "modules/discovery/discovery_store.hpp"

#include <boost/json.hpp>

#include "db/database.hpp"
#include "db/timestamps.hpp"
#include "modules/discovery/search_terms.hpp"

namespace authorworks::discovery {
namespace {

constexpr std::string_view kColumns =
    "p.book_id, p.user_id, p.title, p.kind, p.genre, p.author, p.description, p.words, p.writer, p.published_at, "
    "p.updated_at";

PublishedBook book_of(const db::Row& row) {
  PublishedBook b;
  b.book_id = row.text("book_id");
  b.user_id = row.text("user_id");
  b.title = row.text("title");
  b.kind = row.text("kind");
  b.genre = row.optional_text("genre");
  b.author = row.text("author");
  b.description = row.text("description");
  b.words = row.integer("words");
  b.writer = row.optional_text("writer");
  b.published_at = row.text("published_at");
  b.updated_at = row.text("updated_at");
  return b;
}

std::string chapters_json(const std::vector<PublishedChapter>& chapters) {
  boost::json::array out;
  for (const auto& c : chapters) {
    boost::json::array scenes;
    for (const auto& s : c.scenes) {
      scenes.push_back(
          boost::json::object{{"number", s.number}, {"title", s.title}, {"words", s.words}, {"text", s.text}});
    }
    out.push_back(boost::json::object{
        {"number", c.number}, {"title", c.title}, {"words", c.words}, {"scenes", std::move(scenes)}});
  }
  return boost::json::serialize(out);
}

// Written by chapters_json above, so a malformed document is a broken database, not bad input. Read
// byte for byte: the scenes' text is the book's as the content module stores it, which need not be
// valid UTF-8 (a database written by an older release, or by hand).
std::vector<PublishedChapter> parse_chapters(const std::string& text) {
  std::vector<PublishedChapter> out;
  boost::json::parse_options as_stored;
  as_stored.allow_invalid_utf8 = true;
  const auto json = boost::json::parse(text, {}, as_stored);
  for (const auto& c : json.as_array()) {
    const auto& chapter = c.as_object();
    PublishedChapter record{static_cast<int>(chapter.at("number").to_number<std::int64_t>()),
                            std::string(chapter.at("title").as_string()),
                            chapter.at("words").to_number<std::int64_t>(),
                            {}};
    for (const auto& s : chapter.at("scenes").as_array()) {
      const auto& scene = s.as_object();
      record.scenes.push_back({static_cast<int>(scene.at("number").to_number<std::int64_t>()),
                               std::string(scene.at("title").as_string()), scene.at("words").to_number<std::int64_t>(),
                               std::string(scene.at("text").as_string())});
    }
    out.push_back(std::move(record));
  }
  return out;
}

}  // namespace

DiscoveryStore::DiscoveryStore(std::shared_ptr<db::Database> database) : database_(std::move(database)) {}

bool DiscoveryStore::publish(const PublishedBook& book) {
  const bool sqlite = database_->backend() == db::Backend::sqlite;
  bool first = false;
  database_->transaction([&](db::Session& s) {
    const auto now = db::now_timestamp();
    first = s.query("SELECT book_id FROM published_books WHERE book_id = ?", {book.book_id}).empty();
    const db::Value genre = book.genre ? db::Value(*book.genre) : db::Value(nullptr);
    const db::Value writer = book.writer ? db::Value(*book.writer) : db::Value(nullptr);
    if (first) {
      s.execute(
          "INSERT INTO published_books (book_id, user_id, title, kind, genre, author, description, words, writer, "
          "chapters, published_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {book.book_id, book.user_id, book.title, book.kind, genre, book.author, book.description, book.words, writer,
           chapters_json(book.chapters), now, now});
    } else {
      s.execute(
          "UPDATE published_books SET title = ?, kind = ?, genre = ?, author = ?, description = ?, words = ?, "
          "writer = ?, chapters = ?, updated_at = ? WHERE book_id = ?",
          {book.title, book.kind, genre, book.author, book.description, book.words, writer,
           chapters_json(book.chapters), now, book.book_id});
    }
    if (sqlite) {
      // PostgreSQL keeps its index in a generated column; SQLite's FTS5 table is ours to keep.
      s.execute("DELETE FROM published_books_search WHERE book_id = ?", {book.book_id});
      s.execute(
          "INSERT INTO published_books_search (book_id, title, genre, kind, author, description) VALUES (?, ?, ?, ?, "
          "?, ?)",
          {book.book_id, book.title, book.genre.value_or(""), book.kind, book.author, book.description});
    }
  });
  return first;
}

bool DiscoveryStore::unpublish(const std::string& book_id) {
  const bool sqlite = database_->backend() == db::Backend::sqlite;
  bool removed = false;
  database_->transaction([&](db::Session& s) {
    removed = s.execute("DELETE FROM published_books WHERE book_id = ?", {book_id}) > 0;
    if (sqlite) s.execute("DELETE FROM published_books_search WHERE book_id = ?", {book_id});
  });
  return removed;
}

std::optional<PublishedBook> DiscoveryStore::find(const std::string& book_id) {
  const auto result = database_->query(
      "SELECT " + std::string(kColumns) + ", p.chapters FROM published_books p WHERE p.book_id = ?", {book_id});
  if (result.empty()) return std::nullopt;
  auto book = book_of(result.first());
  book.chapters = parse_chapters(result.first().text("chapters"));
  return book;
}

DiscoverPage DiscoveryStore::search(const DiscoverQuery& query) {
  const bool sqlite = database_->backend() == db::Backend::sqlite;
  const auto terms = search_terms(query.text);
  std::string from = " FROM published_books p";
  std::string where = " WHERE 1 = 1";
  std::string rank;
  std::vector<db::Value> params;
  std::vector<db::Value> rank_params;
  if (!terms.empty()) {
    if (sqlite) {
      from += " JOIN published_books_search ON published_books_search.book_id = p.book_id";
      where += " AND published_books_search MATCH ?";
      params.emplace_back(fts5_match(terms));
      rank = "published_books_search.rank, ";
    } else {
      where += " AND p.search @@ to_tsquery('simple', ?)";
      params.emplace_back(tsquery_text(terms));
      rank = "ts_rank(p.search, to_tsquery('simple', ?)) DESC, ";
      rank_params.emplace_back(tsquery_text(terms));
    }
  }
  if (query.genre) {
    where += " AND lower(p.genre) = lower(?)";
    params.emplace_back(*query.genre);
  }
  if (query.kind) {
    where += " AND p.kind = ?";
    params.emplace_back(*query.kind);
  }
  if (query.author) {
    where += " AND lower(p.author) = lower(?)";
    params.emplace_back(*query.author);
  }

  auto session = database_->acquire();
  DiscoverPage page;
  page.total = session->query("SELECT COUNT(*) AS n" + from + where, params).first().integer("n");
  auto list_params = params;
  list_params.insert(list_params.end(), rank_params.begin(), rank_params.end());
  list_params.emplace_back(query.limit);
  list_params.emplace_back(query.offset);
  const auto result = session->query("SELECT " + std::string(kColumns) + from + where + " ORDER BY " + rank +
                                         "p.published_at DESC, p.book_id LIMIT ? OFFSET ?",
                                     list_params);
  for (const auto& row : result.rows) page.books.push_back(book_of(row));
  return page;
}

}  // namespace authorworks::discovery
