#pragma once
// Editor documents: a scene's or a whole chapter's text as a Plate value, versioned. A document's id
// is the id of the scene or chapter it edits (GET /api/v1/books/:id names them); its row is made on
// first open from the manuscript's text. Every saved version is kept in document_versions, and a
// save writes the text back to the manuscript through content::ManuscriptText, so the reader and
// the exports show the edit. The documents and document_versions tables are the editor's own; the
// manuscript is the content module's, reached only through that interface (over HTTP when the
// editor runs as a service of its own).
//
// Blocking (database, HTTP): call from the worker pool.
#include <boost/json/array.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "auth/authenticator.hpp"
#include "modules/content/manuscript_text.hpp"

namespace authorworks::db {
class Database;
}

namespace authorworks::editor {

struct Document {
  std::string id;
  std::string kind;  // "scene" or "chapter"
  std::string book_id;
  std::string title;
  boost::json::array content;  // the Plate value
  std::int64_t version = 0;
  std::string updated_at;
};

// What a save must replace: the version the writer's copy started from, else it is stale.
struct StaleVersion {
  Document current;
};

class DocumentService {
 public:
  DocumentService(std::shared_ptr<db::Database> database, std::shared_ptr<content::ManuscriptText> manuscript);

  // Error(not_found) unless `id` names a scene or chapter the caller may edit: its owner, or an
  // administrator. Routes call it before they look at the rest of the request, so that a stranger
  // learns nothing from the other answers.
  content::ManuscriptPassage authorize(const content::Caller& caller, const std::string& id);

  // The document, made on first open. When the manuscript changed under it since its last version
  // (the scene was regenerated), that text becomes a new version first. Error(not_found) for an id
  // that names no scene or chapter of the caller's (administrators see every one).
  Document open(const content::Caller& caller, const std::string& id);

  // Saves `content` (a valid Plate value) as the version after `expected_version` and writes its
  // text into the manuscript, both or neither: in one transaction when the manuscript shares this
  // database, else the version is withdrawn when the write-back fails. Throws StaleVersion when the
  // document is at another version; Error(validation_failed) when a chapter's document does not
  // keep one section per scene; Error(conflict) while the book is being generated or when a scene
  // went away while saving; the write-back's own error, saying nothing was saved, otherwise.
  Document save(const content::Caller& caller, const std::string& id, std::int64_t expected_version,
                const boost::json::array& content);

 private:
  // Takes back `version`, a save whose text never reached the manuscript: the document is at
  // `previous` again, unless another save came after it.
  void withdraw(const Document& previous, std::int64_t version);

  std::shared_ptr<db::Database> database_;
  std::shared_ptr<content::ManuscriptText> manuscript_;
};

}  // namespace authorworks::editor
