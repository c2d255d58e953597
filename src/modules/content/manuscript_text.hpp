#pragma once
// The text of a book's scenes as other modules (the editor) read and replace it. The content module
// owns the books, chapters and scenes tables; nobody else writes them, so an edit goes through here:
// inside the single binary a direct call (make_manuscript_text, which the content module provides
// in the ServiceRegistry), between services an HTTP call to the content service with the caller's
// own credentials (make_remote_manuscript_text). Either way the content side decides who may edit
// what: the book's owner and administrators.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/trusted_proxies.hpp"
#include "modules/content/caller.hpp"

namespace authorworks::db {
class Database;
class Session;
}  // namespace authorworks::db
namespace authorworks::services {
class ServiceClient;
}

namespace authorworks::content {

struct ManuscriptScene {
  std::string id;
  int number = 0;
  std::string title;
  std::string text;
  friend bool operator==(const ManuscriptScene&, const ManuscriptScene&) = default;
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
  friend bool operator==(const ManuscriptPassage&, const ManuscriptPassage&) = default;
};

struct SceneText {
  std::string scene_id;
  std::string text;
};

// Blocking (database or HTTP): call from the worker pool.
class ManuscriptText {
 public:
  virtual ~ManuscriptText() = default;
  // The scene or chapter with this id; nullopt when there is none, or when it is not the caller's
  // to edit (not its book's owner nor an administrator): the same answer, so ids cannot be probed.
  virtual std::optional<ManuscriptPassage> find(const Caller& caller, const std::string& id) = 0;
  // Error(conflict) while a generation job of the book is queued or running: it would write over the
  // edit, or the edit over it. not_found for a book that is not the caller's.
  virtual void require_not_generating(const Caller& caller, const std::string& book_id) = 0;
  // Replaces the scenes' text (all of `book_id`), recounting the words of their chapters and book,
  // in one transaction. Error(not_found) when a scene is gone, or the book is not the caller's.
  virtual void replace(const Caller& caller, const std::string& book_id, const std::vector<SceneText>& scenes) = 0;
  // replace() inside the caller's transaction `s` on `database`, so that the caller's own writes
  // and the text commit or roll back as one. False, having done nothing, when the manuscript is not
  // kept in `database` (another service's): the caller then calls replace() after its transaction.
  virtual bool replace_within(const db::Database& /*database*/, db::Session& /*s*/, const Caller& /*caller*/,
                              const std::string& /*book_id*/, const std::vector<SceneText>& /*scenes*/) {
    return false;
  }
};

std::shared_ptr<ManuscriptText> make_manuscript_text(std::shared_ptr<db::Database> database);
// The content service's routes (GET /api/v1/passages/:id, GET /api/v1/books/:id/editable, PUT
// /api/v1/books/:id/scenes), called with the caller's credentials; `trusted`: the proxies whose
// SSO headers this service believes, and so passes on. Reads are retried as the client is
// configured; the write never is.
std::shared_ptr<ManuscriptText> make_remote_manuscript_text(std::shared_ptr<services::ServiceClient> content,
                                                            auth::TrustedProxies trusted);

}  // namespace authorworks::content
