#pragma once
// The text of a book's scenes as other modules (the editor) read and replace it. The content module
// owns the books, chapters and scenes tables; nobody else writes them, so an edit goes through here,
// found in the ServiceRegistry.
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace authorworks::db {
class Database;
class Session;
}  // namespace authorworks::db

namespace authorworks::content {

struct ManuscriptScene {
  std::string id;
  int number = 0;
  std::string title;
  std::string text;
};

// A scene, or a whole chapter with its scenes in order.
struct ManuscriptPassage {
  enum class Kind { scene, chapter };
  Kind kind = Kind::scene;
  std::string id;  // the scene's or the chapter's id
  std::string book_id;
  std::string owner_id;
  int chapter_number = 0;
  std::string title;  // "Chapter 3 · The Storm" or "Chapter 3, scene 2 · Landfall"
  std::vector<ManuscriptScene> scenes;
};

struct SceneText {
  std::string scene_id;
  std::string text;
};

// Blocking (database): call from the worker pool.
class ManuscriptText {
 public:
  virtual ~ManuscriptText() = default;
  // The scene or chapter with this id; nullopt when there is none.
  virtual std::optional<ManuscriptPassage> find(const std::string& id) = 0;
  // Error(conflict) while a generation job of the book is queued or running: it would write over the
  // edit, or the edit over it.
  virtual void require_not_generating(const std::string& book_id) = 0;
  // Replaces the scenes' text (all of `book_id`), recounting the words of their chapters and book,
  // in one transaction. Error(not_found) when a scene is gone.
  virtual void replace(const std::string& book_id, const std::vector<SceneText>& scenes) = 0;
  // replace() inside the caller's transaction `s` on `database`, so that the caller's own writes
  // and the text commit or roll back as one. False, having done nothing, when the manuscript is not
  // kept in `database` (another service's): the caller then calls replace() after its transaction.
  virtual bool replace_within(const db::Database& /*database*/, db::Session& /*s*/, const std::string& /*book_id*/,
                              const std::vector<SceneText>& /*scenes*/) {
    return false;
  }
};

std::shared_ptr<ManuscriptText> make_manuscript_text(std::shared_ptr<db::Database> database);

}  // namespace authorworks::content
