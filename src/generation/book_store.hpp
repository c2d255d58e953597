#pragma once
// Books, chapters and scenes as the engine writes them and the content module reads them
// (GET /books/:id). Every function works on a session, so that writes join a step's transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "generation/story_documents.hpp"

namespace authorworks::generation {

struct SceneRecord {
  std::string id;
  int number = 0;
  std::string title;
  std::string text;
  std::string summary;
  std::int64_t words = 0;
};

struct ChapterRecord {
  std::string id;
  int number = 0;
  std::string title;
  std::string summary;
  std::string plan;  // the chapter plan's JSON; empty until planned
  std::int64_t words = 0;
  std::vector<SceneRecord> scenes;
};

struct BookRecord {
  std::string id;
  std::string user_id;
  std::string title;
  std::string braindump;
  std::string kind;
  std::string genre;
  std::int64_t target_words = 0;
  std::string status;
  std::string visibility;
  std::string writer;
  std::int64_t words = 0;
  std::int64_t tokens_in = 0;
  std::int64_t tokens_out = 0;
  double cost_usd = 0;
  std::string metadata;  // JSON
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> completed_at;
  std::vector<ChapterRecord> chapters;  // filled by find(..., with_chapters)
};

class BookStore {
 public:
  // The book, and with `with_chapters` its chapters and their scenes in order (with `with_text`,
  // the scenes' text too; without it, their titles, summaries and word counts only).
  static std::optional<BookRecord> find(db::Session& session, const std::string& book_id, bool with_chapters = false,
                                        bool with_text = false);

  // Writes used by the engine inside a step's transaction.
  static void save_outline(db::Session& session, const std::string& book_id,
                           const std::vector<OutlineChapter>& outline);
  static void save_plan(db::Session& session, const std::string& book_id, const ChapterPlan& plan,
                        const std::string& plan_json);
  // Inserts or replaces the scene's text and recounts its chapter's and book's words.
  static void save_scene(db::Session& session, const std::string& book_id, int chapter, int scene,
                         const std::string& title, const std::string& text, std::int64_t words);
  static void save_scene_summary(db::Session& session, const std::string& book_id, int chapter, int scene,
                                 const std::string& summary);
};

}  // namespace authorworks::generation
