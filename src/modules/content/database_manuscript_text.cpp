#include "core/error.hpp"
#include "db/database.hpp"
#include "db/ids.hpp"
#include "db/timestamps.hpp"
#include "generation/book_store.hpp"
#include "generation/scene_text.hpp"
#include "modules/content/book_access.hpp"
#include "modules/content/manuscript_text.hpp"

namespace authorworks::content {
namespace {

std::string titled(std::string head, const std::string& title) {
  if (!title.empty()) head += " · " + title;
  return head;
}

class DatabaseManuscriptText final : public ManuscriptText {
 public:
  explicit DatabaseManuscriptText(std::shared_ptr<db::Database> database) : database_(std::move(database)) {}

  std::optional<ManuscriptPassage> find(const Caller& caller, const std::string& id) override {
    auto passage = find_any(id);
    if (passage && !auth::is_owner_or_admin(caller.principal, passage->owner_id)) passage.reset();
    return passage;
  }

  void require_not_generating(const Caller& caller, const std::string& book_id) override {
    require_book_of(caller, book_id);
    const auto active = database_->query(
        "SELECT COUNT(*) AS n FROM generation_jobs WHERE book_id = ? AND status IN ('queued', 'running')", {book_id});
    if (active.first().integer("n") > 0) {
      throw Error(ErrorCode::conflict,
                  "the book is being written right now; save again when its generation has finished or been cancelled");
    }
  }

  void replace(const Caller& caller, const std::string& book_id, const std::vector<SceneText>& scenes) override {
    database_->transaction([&](db::Session& s) {
      authorize_book(s, caller.principal, book_id);
      replace_scenes(s, book_id, scenes);
    });
  }

  bool replace_within(const db::Database& database, db::Session& s, const Caller& caller, const std::string& book_id,
                      const std::vector<SceneText>& scenes) override {
    if (&database != database_.get()) return false;
    authorize_book(s, caller.principal, book_id);
    replace_scenes(s, book_id, scenes);
    return true;
  }

 private:
  void require_book_of(const Caller& caller, const std::string& book_id) {
    auto s = database_->acquire();
    authorize_book(*s, caller.principal, book_id);
  }

  static void replace_scenes(db::Session& s, const std::string& book_id, const std::vector<SceneText>& scenes) {
    for (const auto& scene : scenes) {
      const auto found = s.query(
          "SELECT s.number, s.title, c.number AS chapter_number FROM scenes s JOIN chapters c ON c.id = s.chapter_id "
          "WHERE s.id = ? AND s.book_id = ?",
          {scene.scene_id, book_id});
      if (found.empty()) throw not_found_error("scene " + scene.scene_id);
      const auto& row = found.first();
      generation::BookStore::save_scene(s, book_id, static_cast<int>(row.integer("chapter_number")),
                                        static_cast<int>(row.integer("number")), row.text("title"), scene.text,
                                        generation::count_words(scene.text));
    }
    s.execute("UPDATE books SET updated_at = ? WHERE id = ?", {db::now_timestamp(), book_id});
  }

  std::optional<ManuscriptPassage> find_any(const std::string& id) {
    std::optional<ManuscriptPassage> passage;
    if (!db::is_id(id)) return passage;
    auto s = database_->acquire();
    const auto scene = s->query(
        "SELECT s.id, s.number, s.title, s.text, s.book_id, c.number AS chapter_number, b.user_id FROM scenes s JOIN "
        "chapters c ON c.id = s.chapter_id JOIN books b ON b.id = s.book_id WHERE s.id = ?",
        {id});
    if (!scene.empty()) {
      const auto& row = scene.first();
      passage.emplace();
      passage->kind = ManuscriptPassage::Kind::scene;
      passage->id = id;
      passage->book_id = row.text("book_id");
      passage->owner_id = row.text("user_id");
      passage->chapter_number = static_cast<int>(row.integer("chapter_number"));
      const auto number = static_cast<int>(row.integer("number"));
      passage->title =
          titled("Chapter " + std::to_string(passage->chapter_number) + ", scene " + std::to_string(number),
                 row.text("title"));
      passage->scenes.push_back({id, number, row.text("title"), row.text("text")});
      return passage;
    }
    const auto chapter = s->query(
        "SELECT c.number, c.title, c.book_id, b.user_id FROM chapters c JOIN books b ON b.id = c.book_id WHERE c.id = "
        "?",
        {id});
    if (chapter.empty()) return passage;
    const auto& row = chapter.first();
    passage.emplace();
    passage->kind = ManuscriptPassage::Kind::chapter;
    passage->id = id;
    passage->book_id = row.text("book_id");
    passage->owner_id = row.text("user_id");
    passage->chapter_number = static_cast<int>(row.integer("number"));
    passage->title = titled("Chapter " + std::to_string(passage->chapter_number), row.text("title"));
    for (const auto& sc :
         s->query("SELECT id, number, title, text FROM scenes WHERE chapter_id = ? ORDER BY number", {id}).rows) {
      passage->scenes.push_back(
          {sc.text("id"), static_cast<int>(sc.integer("number")), sc.text("title"), sc.text("text")});
    }
    return passage;
  }

  std::shared_ptr<db::Database> database_;
};

}  // namespace

std::shared_ptr<ManuscriptText> make_manuscript_text(std::shared_ptr<db::Database> database) {
  return std::make_shared<DatabaseManuscriptText>(std::move(database));
}

}  // namespace authorworks::content
