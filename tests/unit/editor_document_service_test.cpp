// DocumentService on a real database (SQLite, and PostgreSQL when AUTHORWORKS_TEST_DATABASE_URL is
// set) with the content side's real ManuscriptText: first open, saves and stale saves, the text
// written back to the scenes, chapters split at scene breaks, and a regenerated scene becoming a
// version of its own.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "db/database.hpp"
#include "db/ids.hpp"
#include "http/request.hpp"
#include "modules/content/manuscript_text.hpp"
#include "modules/editor/document_service.hpp"

namespace db = authorworks::db;
namespace json = boost::json;
using authorworks::Error;
using authorworks::ErrorCode;
using authorworks::auth::Principal;
using authorworks::editor::Document;
using authorworks::editor::DocumentService;
using authorworks::editor::StaleVersion;

namespace {

std::string postgres_url() {
  const char* url = std::getenv("AUTHORWORKS_TEST_DATABASE_URL");
  return url != nullptr ? url : "";
}

json::array paragraphs(std::initializer_list<std::string_view> texts) {
  json::array value;
  for (auto t : texts) value.push_back(json::object{{"type", "p"}, {"children", json::array{{{"text", t}}}}});
  return value;
}

// The content side's real manuscript, while someone deletes a scene in the middle of a save: the row
// really goes between a save's checks and its write-back, which then fails. With `shares_database`
// false it declines replace_within, as a manuscript kept by another service does.
class SceneVanishingManuscript final : public authorworks::content::ManuscriptText {
 public:
  SceneVanishingManuscript(std::shared_ptr<db::Database> database, std::string vanishing_scene, bool shares_database)
      : database_(database),
        real_(authorworks::content::make_manuscript_text(std::move(database))),
        vanishing_scene_(std::move(vanishing_scene)),
        shares_database_(shares_database) {}

  std::optional<authorworks::content::ManuscriptPassage> find(const authorworks::content::Caller& caller,
                                                              const std::string& id) override {
    return real_->find(caller, id);
  }
  void require_not_generating(const authorworks::content::Caller& caller, const std::string& book_id) override {
    real_->require_not_generating(caller, book_id);
    database_->execute("DELETE FROM scenes WHERE id = ?", {vanishing_scene_});
  }
  void replace(const authorworks::content::Caller& caller, const std::string& book_id,
               const std::vector<authorworks::content::SceneText>& scenes) override {
    real_->replace(caller, book_id, scenes);
  }
  bool replace_within(const db::Database& database, db::Session& s, const authorworks::content::Caller& caller,
                      const std::string& book_id, const std::vector<authorworks::content::SceneText>& scenes) override {
    return shares_database_ && real_->replace_within(database, s, caller, book_id, scenes);
  }

 private:
  std::shared_ptr<db::Database> database_;
  std::shared_ptr<authorworks::content::ManuscriptText> real_;
  std::string vanishing_scene_;
  bool shares_database_;
};

json::array with_scene_break(json::array first, const json::array& second) {
  first.push_back(json::object{{"type", "hr"}, {"children", json::array{{{"text", ""}}}}});
  for (const auto& block : second) first.push_back(block);
  return first;
}

// The content side as a content service that goes away in the middle of a save: it answers the
// checks (the real ones) and then cannot take the text.
class ContentGoneBeforeTheText final : public authorworks::content::ManuscriptText {
 public:
  explicit ContentGoneBeforeTheText(std::shared_ptr<authorworks::content::ManuscriptText> real)
      : real_(std::move(real)) {}
  std::optional<authorworks::content::ManuscriptPassage> find(const authorworks::content::Caller& caller,
                                                              const std::string& id) override {
    return real_->find(caller, id);
  }
  void require_not_generating(const authorworks::content::Caller& caller, const std::string& book_id) override {
    real_->require_not_generating(caller, book_id);
  }
  void replace(const authorworks::content::Caller&, const std::string&,
               const std::vector<authorworks::content::SceneText>&) override {
    throw Error(ErrorCode::unavailable, "the content service is unavailable: connection refused");
  }

 private:
  std::shared_ptr<authorworks::content::ManuscriptText> real_;
};

class EditorDocumentServiceTest : public ::testing::TestWithParam<db::Backend> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == db::Backend::postgres) {
      url = postgres_url();
      if (url.empty()) GTEST_SKIP() << "PostgreSQL tests need AUTHORWORKS_TEST_DATABASE_URL";
      schema_ = "test_" + db::new_id().substr(0, 8);
      admin_ = db::Database::open(url, 1);
      admin_->execute("CREATE SCHEMA " + schema_);
      url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("options=-csearch_path%3D") + schema_;
    } else {
      dir_ = std::filesystem::temp_directory_path() / ("aw-editor-test-" + db::new_id().substr(0, 8));
      url = "sqlite://" + (dir_ / "test.db").string();
    }
    database_ = db::Database::open(url, 4);
    database_->migrate();
    owner_ = make_user("owner");
    stranger_ = make_user("stranger");
    book_ = db::new_id();
    database_->execute("INSERT INTO books (id, user_id, title, words) VALUES (?, ?, 'The Tide Clock', 9)",
                       {book_, owner_.user_id});
    chapter_ = db::new_id();
    database_->execute("INSERT INTO chapters (id, book_id, number, title, words) VALUES (?, ?, 1, 'Low Water', 9)",
                       {chapter_, book_});
    scene1_ = add_scene(1, "Mara woke.\n\nThe sea was gone.", 6);
    scene2_ = add_scene(2, "She ran.\nShe did not stop.", 3);
    service_ = std::make_unique<DocumentService>(database_, authorworks::content::make_manuscript_text(database_));
  }

  void TearDown() override {
    service_.reset();
    database_.reset();
    if (admin_) admin_->execute("DROP SCHEMA " + schema_ + " CASCADE");
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // The editor's caller: the request only matters to the content service's HTTP client.
  authorworks::content::Caller as(const Principal& principal) { return {request_, principal}; }

  Principal make_user(const std::string& name) {
    Principal p{db::new_id(), name + db::new_id().substr(0, 6), false, ""};
    database_->execute("INSERT INTO users (id, email, username) VALUES (?, ?, ?)",
                       {p.user_id, p.username + "@example.com", p.username});
    return p;
  }

  std::string add_scene(int number, const std::string& text, int words) {
    auto id = db::new_id();
    database_->execute("INSERT INTO scenes (id, chapter_id, book_id, number, text, words) VALUES (?, ?, ?, ?, ?, ?)",
                       {id, chapter_, book_, number, text, words});
    return id;
  }

  std::string scene_text(const std::string& id) {
    return database_->query("SELECT text FROM scenes WHERE id = ?", {id}).first().text("text");
  }

  std::int64_t versions(const std::string& id) {
    return database_->query("SELECT COUNT(*) AS n FROM document_versions WHERE document_id = ?", {id})
        .first()
        .integer("n");
  }

  std::shared_ptr<db::Database> database_;
  std::shared_ptr<db::Database> admin_;
  std::string schema_;
  std::filesystem::path dir_;
  Principal owner_, stranger_;
  authorworks::http::Request request_;
  std::string book_, chapter_, scene1_, scene2_;
  std::unique_ptr<DocumentService> service_;
};

INSTANTIATE_TEST_SUITE_P(Backends, EditorDocumentServiceTest,
                         ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         [](const auto& p) { return std::string(db::to_string(p.param)); });

TEST_P(EditorDocumentServiceTest, FirstOpenMakesVersionOneFromTheText) {
  const auto doc = service_->open(as(owner_), scene1_);
  EXPECT_EQ(doc.version, 1);
  EXPECT_EQ(doc.kind, "scene");
  EXPECT_EQ(doc.book_id, book_);
  EXPECT_EQ(doc.title, "Chapter 1, scene 1");
  EXPECT_EQ(doc.content, paragraphs({"Mara woke.", "The sea was gone."}));
  EXPECT_EQ(service_->open(as(owner_), scene1_).version, 1);
  EXPECT_EQ(versions(scene1_), 1);
}

TEST_P(EditorDocumentServiceTest, ASaveWritesTheTextBackAndCountsWords) {
  service_->open(as(owner_), scene1_);
  const auto saved = service_->save(as(owner_), scene1_, 1, paragraphs({"The clock struck thirteen.", "Nobody woke."}));
  EXPECT_EQ(saved.version, 2);
  EXPECT_EQ(scene_text(scene1_), "The clock struck thirteen.\n\nNobody woke.");
  EXPECT_EQ(database_->query("SELECT words FROM books WHERE id = ?", {book_}).first().integer("words"), 6 + 3);
  EXPECT_EQ(versions(scene1_), 2);
}

TEST_P(EditorDocumentServiceTest, AStaleSaveIsRefusedWithTheCurrentDocument) {
  service_->open(as(owner_), scene1_);
  service_->save(as(owner_), scene1_, 1, paragraphs({"First tab."}));
  try {
    service_->save(as(owner_), scene1_, 1, paragraphs({"Second tab."}));
    FAIL() << "a stale save went through";
  } catch (const StaleVersion& stale) {
    EXPECT_EQ(stale.current.version, 2);
    EXPECT_EQ(stale.current.content, paragraphs({"First tab."}));
  }
  EXPECT_EQ(scene_text(scene1_), "First tab.");
  EXPECT_EQ(versions(scene1_), 2);
}

TEST_P(EditorDocumentServiceTest, AChapterSplitsAtSceneBreaksAndMustKeepThemAll) {
  const auto doc = service_->open(as(owner_), chapter_);
  EXPECT_EQ(doc.kind, "chapter");
  ASSERT_EQ(doc.content.size(), 4u);  // two paragraphs, a break, one paragraph with a line break
  EXPECT_EQ(doc.content[3].at("children").at(0).at("text").as_string(), "She ran.\nShe did not stop.");

  auto edited = paragraphs({"One."});
  edited.push_back(json::object{{"type", "hr"}, {"children", json::array{{{"text", ""}}}}});
  edited.push_back(paragraphs({"Two."})[0]);
  EXPECT_EQ(service_->save(as(owner_), chapter_, 1, edited).version, 2);
  EXPECT_EQ(scene_text(scene1_), "One.");
  EXPECT_EQ(scene_text(scene2_), "Two.");

  try {
    service_->save(as(owner_), chapter_, 2, paragraphs({"One scene only."}));
    FAIL() << "a chapter that lost a scene break was saved";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  }
  EXPECT_EQ(scene_text(scene2_), "Two.");
}

TEST_P(EditorDocumentServiceTest, TheTextChangedElsewhereBecomesTheNextVersion) {
  service_->open(as(owner_), scene1_);
  database_->execute("UPDATE scenes SET text = 'A regenerated dawn.' WHERE id = ?", {scene1_});
  const auto doc = service_->open(as(owner_), scene1_);
  EXPECT_EQ(doc.version, 2);
  EXPECT_EQ(doc.content, paragraphs({"A regenerated dawn."}));
  EXPECT_EQ(versions(scene1_), 2);
}

TEST_P(EditorDocumentServiceTest, StrangersAndUnknownIdsAreNotFoundAndAdminsPass) {
  for (const auto& id : {scene1_, std::string("not-an-id"), db::new_id()}) {
    try {
      service_->open(as(id == scene1_ ? stranger_ : owner_), id);
      FAIL() << "opened " << id;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::not_found);
    }
  }
  Principal admin = stranger_;
  admin.is_admin = true;
  EXPECT_EQ(service_->open(as(admin), scene1_).version, 1);
}

TEST_P(EditorDocumentServiceTest, ASaveWhoseTextCannotReachTheBookLeavesNoVersion) {
  service_->open(as(owner_), scene1_);
  DocumentService cut_off(
      database_, std::make_shared<ContentGoneBeforeTheText>(authorworks::content::make_manuscript_text(database_)));
  try {
    cut_off.save(as(owner_), scene1_, 1, paragraphs({"Lost in transit."}));
    FAIL() << "saved without the content side";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
  }
  EXPECT_EQ(versions(scene1_), 1);
  const auto doc = service_->open(as(owner_), scene1_);
  EXPECT_EQ(doc.version, 1);
  EXPECT_EQ(doc.content, paragraphs({"Mara woke.", "The sea was gone."}));
  // The writer's copy (still at version 1) saves once the content side is back.
  EXPECT_EQ(service_->save(as(owner_), scene1_, 1, paragraphs({"Found again."})).version, 2);
  EXPECT_EQ(scene_text(scene1_), "Found again.");
}

TEST_P(EditorDocumentServiceTest, SavesWaitForAGenerationToFinish) {
  service_->open(as(owner_), scene1_);
  database_->execute("INSERT INTO generation_jobs (id, book_id, user_id, status) VALUES (?, ?, ?, 'running')",
                     {db::new_id(), book_, owner_.user_id});
  try {
    service_->save(as(owner_), scene1_, 1, paragraphs({"Too early."}));
    FAIL() << "saved while the book was being written";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::conflict);
  }
  EXPECT_EQ(scene_text(scene1_), "Mara woke.\n\nThe sea was gone.");
}

TEST_P(EditorDocumentServiceTest, MarksAndBlockTypesStayInTheDocumentAndTheBookGetsTheText) {
  service_->open(as(owner_), scene1_);
  const auto formatted = json::parse(R"([
    {"type":"h2","children":[{"text":"The "},{"text":"Letter","bold":true}]},
    {"type":"p","children":[{"text":"She ","italic":true},{"text":"did","bold":true,"underline":true},{"text":" not."}]},
    {"type":"blockquote","children":[{"type":"p","children":[{"text":"Dear Mara,"}]},
                                     {"type":"p","children":[{"text":"Come home.","italic":true}]}]}
  ])")
                             .as_array();
  EXPECT_EQ(service_->save(as(owner_), scene1_, 1, formatted).content, formatted);
  EXPECT_EQ(scene_text(scene1_), "The Letter\n\nShe did not.\n\nDear Mara,\n\nCome home.");

  // Opening it again finds the book's text the same as the document's: no new version, marks kept.
  const auto reopened = service_->open(as(owner_), scene1_);
  EXPECT_EQ(reopened.version, 2);
  EXPECT_EQ(reopened.content, formatted);
  EXPECT_EQ(versions(scene1_), 2);
}

TEST_P(EditorDocumentServiceTest, LeadingIndentationIsKeptBothWays) {
  const std::string poem = "    The tide goes out,\n        the clock runs down.\n\n\tYours, M.";
  database_->execute("UPDATE scenes SET text = ? WHERE id = ?", {poem, scene1_});
  const auto doc = service_->open(as(owner_), scene1_);
  EXPECT_EQ(doc.content, paragraphs({"    The tide goes out,\n        the clock runs down.", "\tYours, M."}));

  const auto letter = paragraphs({"  Dear Mara,", "      I kept the clock.", "  Yours,\n    Tomas"});
  service_->save(as(owner_), scene1_, doc.version, letter);
  EXPECT_EQ(scene_text(scene1_), "  Dear Mara,\n\n      I kept the clock.\n\n  Yours,\n    Tomas");
  EXPECT_EQ(service_->open(as(owner_), scene1_).version, doc.version + 1);
}

TEST_P(EditorDocumentServiceTest, AWriteBackThatFailsSavesNothing) {
  // true: one transaction for the version and the text; false: the manuscript is another service's,
  // and the version is withdrawn.
  for (const bool shares_database : {true, false}) {
    SCOPED_TRACE(shares_database ? "one transaction" : "withdrawn");
    const auto vanishing = add_scene(shares_database ? 3 : 4, "A scene about to go.", 5);
    DocumentService documents(database_,
                              std::make_shared<SceneVanishingManuscript>(database_, vanishing, shares_database));
    const auto before = documents.open(as(owner_), chapter_);
    auto edited = paragraphs({"One, rewritten."});
    for (std::size_t i = 1; i < before.content.size(); ++i) {
      if (before.content[i].at("type").as_string() == "hr") edited = with_scene_break(edited, paragraphs({"More."}));
    }
    try {
      documents.save(as(owner_), chapter_, before.version, edited);
      FAIL() << "a save whose text could not be written was kept";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::conflict);
      EXPECT_NE(e.detail().find("nothing was saved"), std::string::npos) << e.detail();
      EXPECT_NE(e.detail().find(vanishing), std::string::npos) << e.detail();
    }
    EXPECT_EQ(scene_text(scene1_), "Mara woke.\n\nThe sea was gone.");
    EXPECT_EQ(versions(chapter_), before.version);
    const auto after = service_->open(as(owner_), chapter_);
    EXPECT_EQ(after.version, before.version + 1);  // the book lost a scene: that is the next version
    EXPECT_EQ(json::serialize(after.content).find("One, rewritten."), std::string::npos);
  }
}

}  // namespace
