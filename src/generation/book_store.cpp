#include "generation/book_store.hpp"

#include "db/ids.hpp"
#include "db/timestamps.hpp"

namespace authorworks::generation {
namespace {

constexpr const char* kBookColumns =
    "id, user_id, title, braindump, kind, genre, target_words, status, visibility, writer, words, tokens_in, "
    "tokens_out, cost_usd, metadata, created_at, updated_at, completed_at";

BookRecord to_book(const db::Row& row) {
  BookRecord b;
  b.id = row.text("id");
  b.user_id = row.text("user_id");
  b.title = row.text("title");
  b.braindump = row.text("braindump");
  b.kind = row.text("kind");
  b.genre = row.optional_text("genre").value_or("");
  b.target_words = row.optional_integer("target_words").value_or(0);
  b.status = row.text("status");
  b.visibility = row.text("visibility");
  b.writer = row.optional_text("writer").value_or("");
  b.words = row.integer("words");
  b.tokens_in = row.integer("tokens_in");
  b.tokens_out = row.integer("tokens_out");
  b.cost_usd = row.real("cost_usd");
  b.metadata = row.text("metadata");
  b.created_at = row.text("created_at");
  b.updated_at = row.text("updated_at");
  b.completed_at = row.optional_text("completed_at");
  return b;
}

std::string chapter_id(db::Session& s, const std::string& book_id, int chapter) {
  const auto found = s.query("SELECT id FROM chapters WHERE book_id = ? AND number = ?", {book_id, chapter});
  if (!found.empty()) return found.rows.front().text("id");
  auto id = db::new_id();
  s.execute("INSERT INTO chapters (id, book_id, number) VALUES (?, ?, ?)", {id, book_id, chapter});
  return id;
}

}  // namespace

std::optional<BookRecord> BookStore::find(db::Session& s, const std::string& book_id, bool with_chapters,
                                          bool with_text) {
  const auto found = s.query(std::string("SELECT ") + kBookColumns + " FROM books WHERE id = ?", {book_id});
  if (found.empty()) return std::nullopt;
  auto book = to_book(found.rows.front());
  if (!with_chapters) return book;
  const auto chapters = s.query(
      "SELECT id, number, title, summary, plan, words FROM chapters WHERE book_id = ? ORDER BY number", {book_id});
  for (const auto& row : chapters.rows) {
    ChapterRecord c;
    c.id = row.text("id");
    c.number = static_cast<int>(row.integer("number"));
    c.title = row.text("title");
    c.summary = row.text("summary");
    c.plan = row.optional_text("plan").value_or("");
    c.words = row.integer("words");
    book.chapters.push_back(std::move(c));
  }
  const auto scenes = s.query(std::string("SELECT s.id, c.number AS chapter, s.number, s.title, ") +
                                  (with_text ? "s.text" : "'' AS text") +
                                  ", s.summary, s.words FROM scenes s JOIN chapters c ON c.id = s.chapter_id WHERE "
                                  "s.book_id = ? ORDER BY c.number, s.number",
                              {book_id});
  std::size_t at = 0;
  for (const auto& row : scenes.rows) {
    const auto chapter = static_cast<int>(row.integer("chapter"));
    while (at < book.chapters.size() && book.chapters[at].number != chapter) ++at;
    if (at == book.chapters.size()) break;
    SceneRecord scene;
    scene.id = row.text("id");
    scene.number = static_cast<int>(row.integer("number"));
    scene.title = row.text("title");
    scene.text = row.text("text");
    scene.summary = row.text("summary");
    scene.words = row.integer("words");
    book.chapters[at].scenes.push_back(std::move(scene));
  }
  return book;
}

void BookStore::save_outline(db::Session& s, const std::string& book_id, const std::vector<OutlineChapter>& outline) {
  const auto now = db::now_timestamp();
  for (const auto& c : outline) {
    chapter_id(s, book_id, c.number);
    s.execute("UPDATE chapters SET title = ?, summary = ?, updated_at = ? WHERE book_id = ? AND number = ?",
              {c.title, c.summary, now, book_id, c.number});
  }
}

void BookStore::save_plan(db::Session& s, const std::string& book_id, const ChapterPlan& plan,
                          const std::string& plan_json) {
  chapter_id(s, book_id, plan.number);
  s.execute("UPDATE chapters SET title = ?, plan = ?, updated_at = ? WHERE book_id = ? AND number = ?",
            {plan.title, plan_json, db::now_timestamp(), book_id, plan.number});
}

void BookStore::save_scene(db::Session& s, const std::string& book_id, int chapter, int scene, const std::string& title,
                           const std::string& text, std::int64_t words) {
  // The book's row first: it serialises scene saves of one book (the engine's, a regeneration's, an
  // editor's write-back), so that the totals below, summed under PostgreSQL's READ COMMITTED, never
  // miss a scene another transaction was saving at the same moment.
  s.execute("UPDATE books SET words = words WHERE id = ?", {book_id});
  const auto chapter_row = chapter_id(s, book_id, chapter);
  const auto now = db::now_timestamp();
  const auto updated = s.execute(
      "UPDATE scenes SET title = ?, text = ?, words = ?, summary = '', updated_at = ? WHERE chapter_id = ? AND "
      "number = ?",
      {title, text, words, now, chapter_row, scene});
  if (updated == 0) {
    s.execute("INSERT INTO scenes (id, chapter_id, book_id, number, title, text, words) VALUES (?, ?, ?, ?, ?, ?, ?)",
              {db::new_id(), chapter_row, book_id, scene, title, text, words});
  }
  s.execute(
      "UPDATE chapters SET words = (SELECT COALESCE(SUM(words), 0) FROM scenes WHERE chapter_id = ?), updated_at = ? "
      "WHERE id = ?",
      {chapter_row, now, chapter_row});
  s.execute("UPDATE books SET words = (SELECT COALESCE(SUM(words), 0) FROM scenes WHERE book_id = ?) WHERE id = ?",
            {book_id, book_id});
}

void BookStore::save_scene_summary(db::Session& s, const std::string& book_id, int chapter, int scene,
                                   const std::string& summary) {
  s.execute(
      "UPDATE scenes SET summary = ? WHERE number = ? AND chapter_id = (SELECT id FROM chapters WHERE book_id = ? AND "
      "number = ?)",
      {summary, scene, book_id, chapter});
}

}  // namespace authorworks::generation
