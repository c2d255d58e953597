#include "modules/editor/document_service.hpp"

#include <boost/json.hpp>
#include <optional>

#include "core/error.hpp"
#include "core/log.hpp"
#include "db/database.hpp"
#include "db/timestamps.hpp"
#include "modules/editor/plate_value.hpp"

namespace authorworks::editor {
namespace {

std::string_view kind_name(content::ManuscriptPassage::Kind kind) {
  return kind == content::ManuscriptPassage::Kind::chapter ? "chapter" : "scene";
}

// The sections the passage's document holds: one per scene, and one empty one for a chapter whose
// scenes are not written yet (its document is an empty paragraph).
std::vector<std::string> manuscript_texts(const content::ManuscriptPassage& passage) {
  std::vector<std::string> texts;
  for (const auto& scene : passage.scenes) texts.push_back(normalized_scene_text(scene.text));
  if (texts.empty()) texts.emplace_back();
  return texts;
}

std::optional<Document> load(db::Session& s, const content::ManuscriptPassage& passage) {
  std::optional<Document> document;
  const auto rows = s.query("SELECT content, version, updated_at FROM documents WHERE id = ?", {passage.id});
  if (rows.empty()) return document;
  const auto& row = rows.first();
  document.emplace();
  document->id = passage.id;
  document->kind = kind_name(passage.kind);
  document->book_id = passage.book_id;
  document->title = passage.title;
  document->content = boost::json::parse(row.text("content")).as_array();
  document->version = row.integer("version");
  document->updated_at = row.text("updated_at");
  return document;
}

void insert_version(db::Session& s, const std::string& id, std::int64_t version, const std::string& content,
                    const std::optional<std::string>& author, const std::string& now) {
  s.execute(
      "INSERT INTO document_versions (document_id, version, content, author_id, created_at) VALUES (?, ?, ?, ?, ?)",
      {id, version, content, author, now});
}

// A save whose text did not reach the manuscript keeps nothing; the writer's copy is still in the
// editor, so the answer says what went wrong and that saving again is safe.
Error not_saved(const Error& cause) {
  const bool scene_gone = cause.code() == ErrorCode::not_found;
  Error error(scene_gone ? ErrorCode::conflict : cause.code(),
              "nothing was saved: the text could not be written into the book (" + cause.detail() + ")" +
                  (scene_gone ? "; the book changed while saving, so reload this document"
                              : "; your changes are still in the editor, save again in a moment"));
  if (cause.retry_after_seconds() > 0) error.with_retry_after(cause.retry_after_seconds());
  return error;
}

}  // namespace

DocumentService::DocumentService(std::shared_ptr<db::Database> database,
                                 std::shared_ptr<content::ManuscriptText> manuscript)
    : database_(std::move(database)), manuscript_(std::move(manuscript)) {}

content::ManuscriptPassage DocumentService::authorize(const content::Caller& caller, const std::string& id) {
  auto passage = manuscript_->find(caller, id);
  const auto what = "document " + id;
  if (!passage) throw not_found_error(what);
  // The content side checked already; a passage that is not the caller's must never be shown,
  // whoever implements the interface.
  auth::require_owner_or_admin(caller.principal, passage->owner_id, what);
  return std::move(*passage);
}

Document DocumentService::open(const content::Caller& caller, const std::string& id) {
  const auto passage = authorize(caller, id);
  const auto texts = manuscript_texts(passage);
  std::optional<Document> document;
  database_->transaction([&](db::Session& s) {
    document = load(s, passage);
    const auto now = db::now_timestamp();
    if (!document) {
      const auto content = boost::json::serialize(plate_value_from_scenes(texts));
      const auto scene_id = passage.kind == content::ManuscriptPassage::Kind::scene
                                ? std::optional<std::string>(passage.id)
                                : std::optional<std::string>();
      // A second tab opening it at the same moment made the same row: keep theirs.
      const auto made = s.execute(
          "INSERT INTO documents (id, user_id, book_id, scene_id, title, content, version, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (id) DO NOTHING",
          {passage.id, passage.owner_id, passage.book_id, scene_id, passage.title, content, now, now});
      if (made > 0) insert_version(s, passage.id, 1, content, std::nullopt, now);
      document = load(s, passage);
      return;
    }
    if (scene_texts_from_plate(document->content) == texts) return;
    // The manuscript moved on without the editor (a regenerated scene): its text is the new version,
    // and the writer's earlier versions stay in the history.
    const auto content = boost::json::serialize(plate_value_from_scenes(texts));
    const auto next = document->version + 1;
    s.execute("UPDATE documents SET content = ?, version = ?, title = ?, updated_at = ? WHERE id = ?",
              {content, next, passage.title, now, passage.id});
    insert_version(s, passage.id, next, content, std::nullopt, now);
    document = load(s, passage);
  });
  return std::move(*document);
}

Document DocumentService::save(const content::Caller& caller, const std::string& id, std::int64_t expected_version,
                               const boost::json::array& content) {
  const auto passage = authorize(caller, id);
  if (passage.scenes.empty()) {
    throw Error(ErrorCode::conflict, "this chapter has no scenes yet, so there is no text to save into");
  }
  const auto texts = scene_texts_from_plate(content);
  if (texts.size() != passage.scenes.size()) {
    throw validation_error(
        "content", "a chapter's document keeps one section per scene: " + std::to_string(passage.scenes.size()) +
                       " sections expected (" + std::to_string(passage.scenes.size() - 1) + " scene breaks), found " +
                       std::to_string(texts.size()));
  }
  manuscript_->require_not_generating(caller, passage.book_id);
  std::vector<content::SceneText> scene_texts;
  for (std::size_t i = 0; i < texts.size(); ++i) scene_texts.push_back({passage.scenes[i].id, texts[i]});

  const auto serialized = boost::json::serialize(content);
  const auto next = expected_version + 1;
  std::optional<Document> stale;
  std::optional<Document> previous;
  bool written_back = false;
  database_->transaction([&](db::Session& s) {
    previous = load(s, passage);
    if (!previous) {
      throw Error(ErrorCode::precondition_failed,
                  "document " + id + " has no version yet: open it (GET) first, then save with its ETag");
    }
    const auto now = db::now_timestamp();
    const auto updated = s.execute(
        "UPDATE documents SET content = ?, version = ?, title = ?, updated_at = ? WHERE id = ? AND version = ?",
        {serialized, next, passage.title, now, passage.id, expected_version});
    if (updated == 0) {
      // Another save took this version, perhaps while this one waited for the row.
      stale = load(s, passage);
      return;
    }
    insert_version(s, passage.id, next, serialized, caller.principal.user_id, now);
    try {
      written_back = manuscript_->replace_within(*database_, s, caller, passage.book_id, scene_texts);
    } catch (const Error& e) {
      throw not_saved(e);  // and the transaction takes the version back with it
    }
  });
  if (stale) throw StaleVersion{std::move(*stale)};
  if (!written_back) {
    // The manuscript lives in another service: the version is only kept once its text is there.
    try {
      manuscript_->replace(caller, passage.book_id, scene_texts);
    } catch (const Error& e) {
      withdraw(*previous, next);
      throw not_saved(e);
    } catch (...) {
      withdraw(*previous, next);
      throw;
    }
  }

  auto session = database_->acquire();
  auto saved = load(*session, passage);
  if (!saved) throw not_found_error("document " + id);
  return std::move(*saved);
}

void DocumentService::withdraw(const Document& previous, std::int64_t version) {
  try {
    database_->transaction([&](db::Session& s) {
      const auto restored = s.execute(
          "UPDATE documents SET content = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
          {boost::json::serialize(previous.content), previous.version, previous.updated_at, previous.id, version});
      if (restored > 0) {
        s.execute("DELETE FROM document_versions WHERE document_id = ? AND version = ?", {previous.id, version});
      }
    });
  } catch (const Error& e) {
    // The next open finds the manuscript's text differs from this version and makes it the next
    // one, so the document cannot stay ahead of the manuscript for long; the save's own error is
    // the one the writer needs to see.
    log::warn("a save whose text did not reach the manuscript could not withdraw its version",
              {{"document", previous.id}, {"version", version}, {"error", e.detail()}});
  }
}

}  // namespace authorworks::editor
