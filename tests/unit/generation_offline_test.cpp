// The engine with the real offline writer: every kind end to end on SQLite, and the bounded
// context measured on an 80,000-word novel.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "db/database.hpp"
#include "db/ids.hpp"
#include "events/event_bus.hpp"
#include "generation/book_store.hpp"
#include "generation/engine.hpp"
#include "generation/length_plan.hpp"
#include "llm/offline_writer.hpp"

namespace db = authorworks::db;
namespace gen = authorworks::generation;
namespace llm = authorworks::llm;
namespace events = authorworks::events;
using namespace std::chrono_literals;

namespace {

class GenerationOfflineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("aw-gen-offline-" + db::new_id().substr(0, 8));
    database_ = db::Database::open("sqlite://" + (dir_ / "test.db").string(), 8);
    database_->migrate();
    user_id_ = db::new_id();
    database_->execute("INSERT INTO users (id, email, username) VALUES (?, ?, ?)",
                       {user_id_, user_id_ + "@example.com", "u" + user_id_.substr(0, 8)});
    engine_ = std::make_unique<gen::Engine>(database_, std::shared_ptr<llm::Writer>(llm::make_offline_writer()),
                                            llm::PriceTable::load(""), events::make_in_process_bus(),
                                            authorworks::GenerationConfig{}, gen::EngineOptions{20ms, nullptr});
    engine_->start();
  }

  void TearDown() override {
    engine_.reset();
    database_.reset();
    std::filesystem::remove_all(dir_);
  }

  gen::BookStatus write(llm::BookKind kind, std::int64_t words, std::chrono::seconds limit = 60s) {
    gen::GenerateRequest r;
    r.user_id = user_id_;
    r.title = "The Drowned Lighthouse";
    r.braindump = "A keeper finds a map in the lamp room; a murder on the night of the storm; a dragon-shaped rock.";
    r.kind = kind;
    r.target_words = words;
    const auto started = engine_->generate(r);
    const auto until = std::chrono::steady_clock::now() + limit;
    for (;;) {
      auto status = engine_->status(started.book_id);
      if (status.status != "queued" && status.status != "running") return status;
      if (std::chrono::steady_clock::now() > until) return status;
      std::this_thread::sleep_for(20ms);
    }
  }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> database_;
  std::string user_id_;
  std::unique_ptr<gen::Engine> engine_;
};

}  // namespace

TEST_F(GenerationOfflineTest, WritesEveryKindWithinFivePercent) {
  for (const auto kind : {llm::BookKind::novel, llm::BookKind::screenplay, llm::BookKind::play}) {
    const std::int64_t target = 8'000;
    const auto status = write(kind, target);
    ASSERT_EQ(status.status, "completed") << llm::kind_name(kind) << ": " << status.error;
    EXPECT_NEAR(static_cast<double>(status.words), target, target * 0.05) << llm::kind_name(kind);
    EXPECT_EQ(status.writer, "Offline writer (not an AI model)");
    EXPECT_EQ(status.cost_usd, 0);
    auto session = database_->acquire();
    const auto book = gen::BookStore::find(*session, status.book_id, true, true);
    ASSERT_TRUE(book);
    EXPECT_NE(book->metadata.find("\"is_model\":false"), std::string::npos);
    EXPECT_EQ(static_cast<int>(book->chapters.size()), gen::plan_length(kind, target).chapter_count());
    for (const auto& chapter : book->chapters) {
      for (const auto& scene : chapter.scenes) EXPECT_FALSE(scene.text.empty());
    }
  }
}

TEST_F(GenerationOfflineTest, EightyThousandWordNovelStaysUnderFourPromptTokensPerWord) {
  const auto started = std::chrono::steady_clock::now();
  const auto status = write(llm::BookKind::novel, 80'000, 180s);
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(status.status, "completed") << status.error;
  EXPECT_NEAR(static_cast<double>(status.words), 80'000, 4'000);
  const double per_word = static_cast<double>(status.tokens_in) / static_cast<double>(status.words);
  std::cout << "offline writer, 80,000-word novel: " << status.words << " words in " << seconds << " s, "
            << status.tokens_in << " prompt tokens, " << per_word << " prompt tokens per word; per chapter:";
  for (const auto& c : status.chapters) std::cout << " " << c.prompt_tokens_per_word;
  std::cout << "\n";
  EXPECT_LE(per_word, 4.0);
  ASSERT_GE(status.chapters.size(), 4u);
  const auto early = status.chapters[1].prompt_tokens_per_word;
  const auto late = status.chapters[status.chapters.size() - 2].prompt_tokens_per_word;
  EXPECT_NEAR(late, early, early * 0.25);
}
