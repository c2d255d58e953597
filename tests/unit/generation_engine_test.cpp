// The generation engine against real databases (SQLite always, PostgreSQL when
// AUTHORWORKS_TEST_DATABASE_URL is set), driven by the scripted writer: the pipeline end to end for
// every kind, checkpoints, leases, cancel and resume, the concurrency limit, parallel chapters,
// repairs, length control, events and the bounded context.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "db/database.hpp"
#include "db/ids.hpp"
#include "db/timestamps.hpp"
#include "events/event_bus.hpp"
#include "generation/book_store.hpp"
#include "generation/engine.hpp"
#include "generation/length_plan.hpp"
#include "scripted_writer.hpp"

namespace authorworks::db {
void PrintTo(Backend backend, std::ostream* out);
}  // namespace authorworks::db

namespace db = authorworks::db;
namespace gen = authorworks::generation;
namespace llm = authorworks::llm;
namespace events = authorworks::events;
using authorworks::Error;
using authorworks::ErrorCode;
using authorworks::testing::ScriptedWriter;
using llm::Stage;
using namespace std::chrono_literals;

namespace {

std::string postgres_url() {
  const char* url = std::getenv("AUTHORWORKS_TEST_DATABASE_URL");
  return url != nullptr ? url : "";
}

// Waits up to `limit` for `ready`; returns whether it became true.
bool eventually(const std::function<bool()>& ready, std::chrono::milliseconds limit = 20s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (ready()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return ready();
}

// Every event of a topic, in the order received.
struct Recorder {
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> events;  // type, json
  std::unique_ptr<events::Subscription> subscription;

  Recorder(events::EventBus& bus, const std::string& topic) {
    subscription = bus.subscribe(topic, [this](const events::Event& e) {
      std::lock_guard lock(mutex);
      events.emplace_back(e.type, *e.json);
    });
  }
  std::vector<std::string> types() {
    std::lock_guard lock(mutex);
    std::vector<std::string> out;
    for (const auto& [type, json] : events) out.push_back(type);
    return out;
  }
  int count(const std::string& type) {
    auto t = types();
    return static_cast<int>(std::count(t.begin(), t.end(), type));
  }
};

// Waits on the job's stop token: a writer call that only ends when it is cancelled.
void wait_for_stop(std::stop_token stop) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  cv.wait(lock, stop, [] { return false; });
  throw llm::WriterError(llm::WriterFailure::cancelled, "cancelled");
}

class GenerationEngineTest : public ::testing::TestWithParam<db::Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == db::Backend::postgres) {
      const auto url = postgres_url();
      if (url.empty()) GTEST_SKIP() << "PostgreSQL tests need AUTHORWORKS_TEST_DATABASE_URL";
      schema_ = "test_" + db::new_id().substr(0, 8);
      admin_ = db::Database::open(url, 1);
      admin_->execute("CREATE SCHEMA " + schema_);
      url_ = url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
    } else {
      dir_ = std::filesystem::temp_directory_path() / ("aw-gen-test-" + db::new_id().substr(0, 8));
      url_ = "sqlite://" + (dir_ / "test.db").string();
    }
    database_ = db::Database::open(url_, 12);
    database_->migrate();
    user_id_ = db::new_id();
    database_->execute("INSERT INTO users (id, email, username) VALUES (?, ?, ?)",
                       {user_id_, user_id_ + "@example.com", "u" + user_id_.substr(0, 8)});
    bus_ = events::make_in_process_bus();
  }

  void TearDown() override {
    engines_.clear();
    database_.reset();
    if (admin_) admin_->execute("DROP SCHEMA " + schema_ + " CASCADE");
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  gen::Engine& engine(std::shared_ptr<ScriptedWriter> writer, authorworks::GenerationConfig config = {},
                      bool start = true) {
    if (config.lease == std::chrono::seconds(30)) config.lease = 2s;
    engines_.push_back(std::make_unique<gen::Engine>(database_, writer, llm::PriceTable::load("scripted-model=3:15"),
                                                     bus_, config, gen::EngineOptions{20ms, nullptr}));
    if (start) engines_.back()->start();
    return *engines_.back();
  }

  gen::GenerateRequest request(std::int64_t words, llm::BookKind kind = llm::BookKind::novel,
                               std::string title = "The Lighthouse") {
    gen::GenerateRequest r;
    r.user_id = user_id_;
    r.title = std::move(title);
    r.braindump = "A keeper finds a map in the lamp room.";
    r.kind = kind;
    r.target_words = words;
    return r;
  }

  std::string job_status(const std::string& book_id) {
    return database_
        ->query("SELECT status FROM generation_jobs WHERE book_id = ? ORDER BY created_at DESC LIMIT 1", {book_id})
        .first()
        .text("status");
  }

  bool finished(const std::string& book_id) {
    const auto s = job_status(book_id);
    return s == "completed" || s == "failed" || s == "cancelled";
  }

  int total_steps(llm::BookKind kind, std::int64_t words) {
    const auto plan = gen::plan_length(kind, words);
    return 5 + plan.chapter_count() + 2 * plan.scene_count();
  }

  std::int64_t step_rows(const std::string& book_id) {
    return database_->query("SELECT COUNT(*) AS n FROM generation_steps WHERE book_id = ?", {book_id})
        .first()
        .integer("n");
  }

  std::int64_t distinct_steps(const std::string& book_id) {
    return database_->query("SELECT COUNT(DISTINCT step_key) AS n FROM generation_steps WHERE book_id = ?", {book_id})
        .first()
        .integer("n");
  }

  std::string url_;
  std::string schema_;
  std::filesystem::path dir_;
  std::shared_ptr<db::Database> admin_;
  std::shared_ptr<db::Database> database_;
  std::shared_ptr<events::EventBus> bus_;
  std::string user_id_;
  std::vector<std::unique_ptr<gen::Engine>> engines_;
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, GenerationEngineTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         [](const auto& p) { return std::string(db::to_string(p.param)); });

TEST_P(GenerationEngineTest, WritesANovelEndToEnd) {
  auto writer = std::make_shared<ScriptedWriter>();
  writer->restarts = 1;
  auto& e = engine(writer, {}, false);
  const std::int64_t target = 9'000;
  const auto started = e.generate(request(target));
  Recorder book_events(*bus_, "book:" + started.book_id);
  Recorder user_events(*bus_, "user:" + user_id_);
  e.start();
  ASSERT_TRUE(eventually([&] { return finished(started.book_id); }));

  const auto status = e.status(started.book_id);
  EXPECT_EQ(status.status, "completed");
  EXPECT_EQ(status.job_id, started.job_id);
  EXPECT_EQ(status.progress, 100);
  EXPECT_EQ(status.writer, "Scripted writer");
  EXPECT_TRUE(status.error.empty());
  EXPECT_NEAR(static_cast<double>(status.words), target, target * 0.05);
  EXPECT_GT(status.tokens_in, 0);
  EXPECT_GT(status.tokens_out, 0);
  // Priced at 3 and 15 USD per million tokens.
  EXPECT_NEAR(status.cost_usd, (status.tokens_in * 3.0 + status.tokens_out * 15.0) / 1e6, 1e-9);

  const auto plan = gen::plan_length(llm::BookKind::novel, target);
  EXPECT_EQ(step_rows(started.book_id), total_steps(llm::BookKind::novel, target));
  EXPECT_EQ(writer->count(Stage::genre), 1);
  EXPECT_EQ(writer->count(Stage::chapter_plan), plan.chapter_count());
  EXPECT_EQ(writer->count(Stage::scene), plan.scene_count());
  EXPECT_EQ(writer->count(Stage::summary), plan.scene_count());
  EXPECT_EQ(writer->count(Stage::repair), 0);
  EXPECT_TRUE(writer->marker_problems().empty()) << writer->marker_problems().front();

  // Every step carries its prompt hash, usage, model and duration.
  const auto steps = database_->query(
      "SELECT step_key, prompt_hash, tokens_in, model FROM generation_steps WHERE book_id = ? AND stage <> 'genre'",
      {started.book_id});
  for (const auto& row : steps.rows) {
    EXPECT_EQ(row.text("prompt_hash").size(), 64u) << row.text("step_key");
    EXPECT_GT(row.integer("tokens_in"), 0);
    EXPECT_EQ(row.text("model"), "scripted-model");
  }
  // Usage per job, book and user agree.
  const auto job =
      database_->query("SELECT tokens_in, cost_usd, statistics FROM generation_jobs WHERE id = ?", {started.job_id})
          .first();
  const auto user = database_->query("SELECT tokens_in, cost_usd FROM users WHERE id = ?", {user_id_}).first();
  EXPECT_EQ(job.integer("tokens_in"), status.tokens_in);
  EXPECT_EQ(user.integer("tokens_in"), status.tokens_in);
  EXPECT_NEAR(user.real("cost_usd"), status.cost_usd, 1e-9);
  EXPECT_NE(job.text("statistics").find("prompt_tokens_per_word"), std::string::npos);

  // The book reads back with its chapters and scenes.
  auto session = database_->acquire();
  const auto book = gen::BookStore::find(*session, started.book_id, true, true);
  ASSERT_TRUE(book);
  EXPECT_EQ(book->status, "completed");
  EXPECT_EQ(book->genre, "gothic mystery");
  EXPECT_NE(book->metadata.find("\"label\":\"Scripted writer\""), std::string::npos);
  ASSERT_EQ(book->chapters.size(), static_cast<std::size_t>(plan.chapter_count()));
  for (const auto& chapter : book->chapters) {
    EXPECT_FALSE(chapter.plan.empty());
    EXPECT_EQ(chapter.scenes.size(), plan.chapters[static_cast<std::size_t>(chapter.number - 1)].scene_words.size());
    for (const auto& scene : chapter.scenes) {
      EXPECT_FALSE(scene.text.empty());
      EXPECT_FALSE(scene.summary.empty());
    }
  }
  ASSERT_EQ(status.chapters.size(), book->chapters.size());
  for (const auto& c : status.chapters) EXPECT_GT(c.prompt_tokens_per_word, 0);

  ASSERT_TRUE(eventually([&] { return user_events.count("completed") == 1; }, 2s));
  // Events: the stages in order, one scene event per scene, progress that only rises, then completed.
  const auto types = book_events.types();
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(types.back(), "completed");
  EXPECT_EQ(book_events.count("scene"), plan.scene_count());
  EXPECT_GT(book_events.count("text"), 0);
  // The writer restarted one stream: subscribers were told to drop what it had shown.
  EXPECT_EQ(book_events.count("reset"), 1);
  std::vector<std::string> stages;
  double last_progress = -1;
  {
    std::lock_guard lock(book_events.mutex);
    for (const auto& [type, json] : book_events.events) {
      if (type == "stage")
        stages.push_back(json.substr(json.find("\"stage\":\"") + 9, json.find("\",") - json.find("\"stage\":\"") - 9));
      if (type == "progress") {
        const auto at = json.find("\"progress\":") + 11;
        const double p = std::stod(json.substr(at));
        EXPECT_GE(p, last_progress);
        last_progress = p;
      }
    }
  }
  EXPECT_EQ(last_progress, 100);
  const std::vector<std::string> expected_start{"genre",   "style",        "characters", "synopsis",
                                                "outline", "chapter_plan", "scene"};
  ASSERT_GE(stages.size(), expected_start.size());
  EXPECT_TRUE(std::equal(expected_start.begin(), expected_start.end(), stages.begin()));
  // The owner's topic hears the progress (for /ws) and the end; never the text.
  auto user_types = user_events.types();
  EXPECT_GT(user_events.count("progress"), 0);
  std::erase(user_types, "progress");
  EXPECT_EQ(user_types, std::vector<std::string>{"completed"});
}

TEST_P(GenerationEngineTest, WritesEveryKind) {
  auto writer = std::make_shared<ScriptedWriter>();
  auto& e = engine(writer);
  for (const auto kind : {llm::BookKind::screenplay, llm::BookKind::play}) {
    const auto started = e.generate(request(5'000, kind));
    ASSERT_TRUE(eventually([&] { return finished(started.book_id); }));
    const auto status = e.status(started.book_id);
    EXPECT_EQ(status.status, "completed") << status.error;
    EXPECT_NEAR(static_cast<double>(status.words), 5'000, 250);
    EXPECT_EQ(distinct_steps(started.book_id), total_steps(kind, 5'000));
  }
  // The system prompts name the craft.
  std::set<std::string> crafts;
  for (const auto& call : writer->calls()) {
    if (call.system.find("screenwriter") != std::string::npos) crafts.insert("screenwriter");
    if (call.system.find("playwright") != std::string::npos) crafts.insert("playwright");
  }
  EXPECT_EQ(crafts, (std::set<std::string>{"playwright", "screenwriter"}));
}

TEST_P(GenerationEngineTest, RejectsBadRequests) {
  auto writer = std::make_shared<ScriptedWriter>();
  auto& e = engine(writer, {}, false);
  auto r = request(100);
  r.title = "   ";
  try {
    e.generate(r);
    ADD_FAILURE() << "accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::validation_failed);
    std::set<std::string> fields;
    for (const auto& f : error.fields()) fields.insert(f.field);
    EXPECT_EQ(fields, (std::set<std::string>{"target_words", "title"}));
  }
  r = request(5'000);
  r.user_id = db::new_id();
  try {
    e.generate(r);
    ADD_FAILURE() << "accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::not_found);
  }
  EXPECT_THROW(e.status(db::new_id()), Error);
  EXPECT_THROW(e.cancel(db::new_id()), Error);
}

TEST_P(GenerationEngineTest, ResumesAfterACrashPayingOnlyForUnfinishedSteps) {
  const std::int64_t target = 9'000;
  const auto plan = gen::plan_length(llm::BookKind::novel, target);
  auto first = std::make_shared<ScriptedWriter>();
  std::atomic<int> scenes_started{0};
  // The first process gets through four scenes, then its fifth scene call hangs until it dies.
  first->before = [&](const llm::WritingTask& task, std::stop_token stop) {
    if (task.stage == Stage::scene && ++scenes_started > 4) wait_for_stop(stop);
  };
  authorworks::GenerationConfig one_at_a_time;
  one_at_a_time.parallelism = 1;
  auto& a = engine(first, one_at_a_time);
  const auto started = a.generate(request(target));
  ASSERT_TRUE(eventually([&] { return scenes_started > 4; }));
  const auto done_before = distinct_steps(started.book_id);
  a.stop();
  // As if the process had been killed: the job still looks held, by a worker that no longer exists.
  database_->execute(
      "UPDATE generation_jobs SET status = 'running', lease_owner = 'dead-worker', lease_expires_at = ? WHERE id = ?",
      {db::to_timestamp(db::Clock::now() + 1500ms), started.job_id});

  auto second = std::make_shared<ScriptedWriter>();
  authorworks::GenerationConfig short_lease;
  short_lease.lease = 1s;
  auto& b = engine(second, short_lease);
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(second->calls().size(), 0u) << "a live lease was taken over";
  ASSERT_TRUE(eventually([&] { return finished(started.book_id); }));
  EXPECT_EQ(b.status(started.book_id).status, "completed");

  // Nothing was paid for twice: each step exists once, and the second writer wrote only what was left.
  EXPECT_EQ(step_rows(started.book_id), total_steps(llm::BookKind::novel, target));
  EXPECT_EQ(second->count(Stage::genre) + second->count(Stage::outline) + second->count(Stage::chapter_plan), 0);
  EXPECT_EQ(first->count(Stage::scene) - 1 + second->count(Stage::scene), plan.scene_count());
  EXPECT_EQ(static_cast<std::int64_t>(second->calls().size()), total_steps(llm::BookKind::novel, target) - done_before);
  EXPECT_EQ(database_->query("SELECT attempts FROM generation_jobs WHERE id = ?", {started.job_id})
                .first()
                .integer("attempts"),
            2);
}

TEST_P(GenerationEngineTest, StopGivesTheJobBackForAnotherProcessAtOnce) {
  auto first = std::make_shared<ScriptedWriter>();
  first->before = [](const llm::WritingTask& task, std::stop_token stop) {
    if (task.stage == Stage::synopsis) wait_for_stop(stop);
  };
  auto& a = engine(first);
  const auto started = a.generate(request(3'000));
  ASSERT_TRUE(eventually([&] { return first->count(Stage::synopsis) == 1; }));
  const auto before = std::chrono::steady_clock::now();
  a.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
  const auto row =
      database_->query("SELECT status, lease_owner FROM generation_jobs WHERE id = ?", {started.job_id}).first();
  EXPECT_EQ(row.text("status"), "queued");
  EXPECT_TRUE(row.is_null("lease_owner"));

  auto second = std::make_shared<ScriptedWriter>();
  auto& b = engine(second);
  ASSERT_TRUE(eventually([&] { return finished(started.book_id); }, 10s));
  EXPECT_EQ(b.status(started.book_id).status, "completed");
  EXPECT_EQ(second->count(Stage::genre), 0);
  EXPECT_EQ(second->count(Stage::synopsis), 1);
}

TEST_P(GenerationEngineTest, TwoEnginesRunEachJobExactlyOnce) {
  auto w1 = std::make_shared<ScriptedWriter>();
  auto w2 = std::make_shared<ScriptedWriter>();
  auto slow = [](const llm::WritingTask&, std::stop_token) { std::this_thread::sleep_for(2ms); };
  w1->before = slow;
  w2->before = slow;
  auto& a = engine(w1, {}, false);
  auto& b = engine(w2, {}, false);
  std::vector<std::string> books;
  for (int i = 0; i < 6; ++i)
    books.push_back(a.generate(request(1'500, llm::BookKind::novel, "Book " + std::to_string(i))).book_id);
  a.start();
  b.start();
  ASSERT_TRUE(eventually(
      [&] { return std::all_of(books.begin(), books.end(), [&](const auto& id) { return finished(id); }); }, 30s));
  EXPECT_EQ(w1->count(Stage::genre) + w2->count(Stage::genre), 6);
  for (const auto& id : books) {
    EXPECT_EQ(job_status(id), "completed");
    EXPECT_EQ(step_rows(id), total_steps(llm::BookKind::novel, 1'500));
  }
  EXPECT_EQ(database_->query("SELECT MAX(attempts) AS n FROM generation_jobs").first().integer("n"), 1);
}

TEST_P(GenerationEngineTest, CancelStopsARunningJobPromptlyAndResumeFinishesIt) {
  auto writer = std::make_shared<ScriptedWriter>();
  std::atomic<bool> hang{true};
  writer->before = [&](const llm::WritingTask& task, std::stop_token stop) {
    if (task.stage == Stage::scene && hang) wait_for_stop(stop);
  };
  auto& e = engine(writer, {}, false);
  const auto started = e.generate(request(5'000));
  Recorder events(*bus_, "book:" + started.book_id);
  e.start();
  ASSERT_TRUE(eventually([&] { return writer->count(Stage::scene) > 0; }));
  const auto before = std::chrono::steady_clock::now();
  e.cancel(started.book_id);
  ASSERT_TRUE(eventually([&] { return events.count("cancelled") == 1; }, 2s));
  EXPECT_LT(std::chrono::steady_clock::now() - before, 1s);
  EXPECT_EQ(e.status(started.book_id).status, "cancelled");
  EXPECT_TRUE(eventually([&] { return e.running() == 0; }, 2s));
  try {
    e.cancel(started.book_id);
    ADD_FAILURE() << "cancelled twice";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::conflict);
  }
  const auto kept = distinct_steps(started.book_id);

  hang = false;
  const auto resumed = e.resume(started.book_id);
  EXPECT_EQ(resumed.book_id, started.book_id);
  ASSERT_TRUE(eventually([&] { return job_status(started.book_id) == "completed"; }));
  EXPECT_EQ(step_rows(started.book_id), total_steps(llm::BookKind::novel, 5'000));
  EXPECT_EQ(writer->count(Stage::genre), 1);
  EXPECT_GT(kept, 0);
  try {
    e.resume(started.book_id);
    ADD_FAILURE() << "resumed a completed book";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::conflict);
  }
}

TEST_P(GenerationEngineTest, CancelAQueuedJob) {
  auto writer = std::make_shared<ScriptedWriter>();
  auto& e = engine(writer, {}, false);
  const auto started = e.generate(request(2'000));
  Recorder events(*bus_, "book:" + started.book_id);
  EXPECT_EQ(e.status(started.book_id).status, "queued");
  e.cancel(started.book_id);
  EXPECT_EQ(e.status(started.book_id).status, "cancelled");
  EXPECT_EQ(events.types(), std::vector<std::string>{"cancelled"});
  e.start();
  std::this_thread::sleep_for(200ms);
  EXPECT_TRUE(writer->calls().empty());
  e.resume(started.book_id);
  ASSERT_TRUE(eventually([&] { return job_status(started.book_id) == "completed"; }));
}

TEST_P(GenerationEngineTest, RunsAtMostTheConfiguredJobsAtOnceInOrder) {
  auto writer = std::make_shared<ScriptedWriter>();
  writer->before = [](const llm::WritingTask&, std::stop_token) { std::this_thread::sleep_for(3ms); };
  authorworks::GenerationConfig config;
  config.max_concurrent = 2;
  auto& e = engine(writer, config, false);
  std::vector<std::string> books;
  for (int i = 0; i < 5; ++i) {
    books.push_back(e.generate(request(1'500, llm::BookKind::novel, "Book " + std::to_string(i))).book_id);
    std::this_thread::sleep_for(5ms);  // distinct created_at
  }
  e.start();
  std::size_t most = 0;
  ASSERT_TRUE(eventually(
      [&] {
        most = std::max(most, e.running());
        return std::all_of(books.begin(), books.end(), [&](const auto& id) { return finished(id); });
      },
      30s));
  EXPECT_LE(most, 2u);
  EXPECT_GE(most, 1u);
  // First come, first started.
  const auto order = database_->query("SELECT book_id FROM generation_jobs ORDER BY started_at, created_at");
  std::vector<std::string> started_order;
  for (const auto& row : order.rows) started_order.push_back(row.text("book_id"));
  EXPECT_EQ(started_order, books);
}

TEST_P(GenerationEngineTest, DraftsChaptersInParallelAndScenesInOrder) {
  auto writer = std::make_shared<ScriptedWriter>();
  writer->before = [](const llm::WritingTask& task, std::stop_token) {
    if (task.stage == Stage::scene || task.stage == Stage::chapter_plan) std::this_thread::sleep_for(20ms);
  };
  authorworks::GenerationConfig config;
  config.parallelism = 4;
  auto& e = engine(writer, config);
  const auto started = e.generate(request(20'000));
  ASSERT_TRUE(eventually([&] { return finished(started.book_id); }, 60s));
  EXPECT_EQ(job_status(started.book_id), "completed");
  EXPECT_GE(writer->max_in_flight(), 2);
  EXPECT_LE(writer->max_in_flight(), 4);
  std::map<int, int> last_scene;
  for (const auto& call : writer->calls()) {
    if (call.stage != Stage::scene) continue;
    EXPECT_EQ(call.scene, last_scene[call.chapter] + 1) << "chapter " << call.chapter;
    last_scene[call.chapter] = call.scene;
  }
}

TEST_P(GenerationEngineTest, RepairsAnInvalidOutline) {
  auto writer = std::make_shared<ScriptedWriter>();
  writer->invalid_answers[Stage::outline] = 2;
  auto& e = engine(writer);
  const auto started = e.generate(request(3'000));
  ASSERT_TRUE(eventually([&] { return finished(started.book_id); }));
  EXPECT_EQ(job_status(started.book_id), "completed");
  EXPECT_EQ(writer->count(Stage::outline), 1);
  EXPECT_EQ(writer->count(Stage::repair), 2);
  for (const auto& call : writer->calls()) {
    if (call.stage != Stage::repair) continue;
    EXPECT_EQ(call.repair_of, Stage::outline);
    EXPECT_NE(call.user.find("chapters is missing"), std::string::npos);
  }
}

TEST_P(GenerationEngineTest, FailsClearlyWhenRepairsRunOut) {
  auto writer = std::make_shared<ScriptedWriter>();
  writer->invalid_answers[Stage::characters] = 3;
  auto& e = engine(writer, {}, false);
  const auto started = e.generate(request(3'000));
  Recorder user_events(*bus_, "user:" + user_id_);
  e.start();
  ASSERT_TRUE(eventually([&] { return finished(started.book_id); }));
  const auto status = e.status(started.book_id);
  EXPECT_EQ(status.status, "failed");
  EXPECT_NE(status.error.find("characters was still invalid after 2 repair requests"), std::string::npos)
      << status.error;
  ASSERT_TRUE(eventually([&] { return user_events.count("failed") == 1; }, 2s));
  auto user_types = user_events.types();
  std::erase(user_types, "progress");
  EXPECT_EQ(user_types, std::vector<std::string>{"failed"});
}

TEST_P(GenerationEngineTest, AWriterErrorFailsInPlainWordsAndRetryResumes) {
  auto writer = std::make_shared<ScriptedWriter>();
  std::atomic<bool> broken{true};
  writer->before = [&](const llm::WritingTask& task, std::stop_token) {
    if (task.stage == Stage::synopsis && broken) {
      throw llm::WriterError(llm::WriterFailure::rejected_key, "the Anthropic API key was rejected");
    }
  };
  auto& e = engine(writer, {}, false);
  const auto started = e.generate(request(3'000));
  Recorder events(*bus_, "book:" + started.book_id);
  e.start();
  ASSERT_TRUE(eventually([&] { return finished(started.book_id); }));
  auto status = e.status(started.book_id);
  EXPECT_EQ(status.status, "failed");
  EXPECT_EQ(status.error, "the Anthropic API key was rejected");
  // The job's row is written before the event is published.
  ASSERT_TRUE(eventually([&] { return events.count("failed") == 1; }, 2s));
  EXPECT_EQ(events.types().back(), "failed");
  broken = false;
  e.resume(started.book_id);
  ASSERT_TRUE(eventually([&] { return job_status(started.book_id) == "completed"; }));
  EXPECT_EQ(writer->count(Stage::genre), 1);
  EXPECT_EQ(writer->count(Stage::synopsis), 2);
  EXPECT_TRUE(e.status(started.book_id).error.empty());
}

TEST_P(GenerationEngineTest, ShortScenesAreContinuedAndLongOnesTrimmed) {
  for (const double ratio : {0.5, 1.7}) {
    auto writer = std::make_shared<ScriptedWriter>();
    writer->scene_ratio = ratio;
    auto& e = engine(writer);
    const std::int64_t target = 12'000;
    const auto started = e.generate(request(target, llm::BookKind::novel, "Ratio " + std::to_string(ratio)));
    ASSERT_TRUE(eventually([&] { return finished(started.book_id); }));
    const auto status = e.status(started.book_id);
    EXPECT_EQ(status.status, "completed");
    EXPECT_NEAR(static_cast<double>(status.words), target, target * 0.05) << ratio;
    if (ratio < 1) {
      EXPECT_GT(writer->count(Stage::scene_continue), 0);
    } else {
      EXPECT_EQ(writer->count(Stage::scene_continue), 0);
    }
    auto session = database_->acquire();
    const auto book = gen::BookStore::find(*session, started.book_id, true, false);
    const auto plan = gen::plan_length(llm::BookKind::novel, target);
    for (const auto& c : book->chapters) {
      EXPECT_NEAR(static_cast<double>(c.words), plan.chapters[static_cast<std::size_t>(c.number - 1)].words,
                  plan.chapters[static_cast<std::size_t>(c.number - 1)].words * 0.06)
          << "chapter " << c.number << " ratio " << ratio;
    }
    e.stop();
  }
}

TEST_P(GenerationEngineTest, ContextStaysBoundedForAnEightyThousandWordNovel) {
  if (GetParam() == db::Backend::postgres) GTEST_SKIP() << "the SQLite run measures it; the engine is the same";
  auto writer = std::make_shared<ScriptedWriter>();
  auto& e = engine(writer);
  const std::int64_t target = 80'000;
  const auto started = e.generate(request(target));
  ASSERT_TRUE(eventually([&] { return finished(started.book_id); }, 120s));
  const auto status = e.status(started.book_id);
  ASSERT_EQ(status.status, "completed");
  EXPECT_NEAR(static_cast<double>(status.words), target, target * 0.05);
  const double per_word = static_cast<double>(status.tokens_in) / static_cast<double>(status.words);
  std::cout << "80,000-word novel: " << status.words << " words, " << status.tokens_in << " prompt tokens, " << per_word
            << " prompt tokens per word, " << status.chapters.size() << " chapters\n";
  EXPECT_LE(per_word, 4.0);
  // Flat from the first chapter to the last: chapters 2 and the last but one within 20%.
  ASSERT_GE(status.chapters.size(), 4u);
  const auto early = status.chapters[1].prompt_tokens_per_word;
  const auto late = status.chapters[status.chapters.size() - 2].prompt_tokens_per_word;
  std::cout << "prompt tokens per word: chapter 2 " << early << ", chapter " << status.chapters.size() - 1 << " "
            << late << "\n";
  EXPECT_NEAR(late, early, early * 0.2);
}

TEST_P(GenerationEngineTest, RegeneratesOneScene) {
  auto writer = std::make_shared<ScriptedWriter>();
  auto& e = engine(writer);
  const auto started = e.generate(request(3'000));
  ASSERT_TRUE(eventually([&] { return finished(started.book_id); }));
  const auto scenes_before = writer->count(Stage::scene);
  EXPECT_THROW(e.regenerate_scene(started.book_id, 99, 1), Error);
  const auto again = e.regenerate_scene(started.book_id, 1, 1);
  EXPECT_NE(again.job_id, started.job_id);
  ASSERT_TRUE(eventually([&] { return job_status(started.book_id) == "completed"; }));
  EXPECT_EQ(writer->count(Stage::scene), scenes_before + 1);
  EXPECT_EQ(database_
                ->query("SELECT COUNT(*) AS n FROM generation_steps WHERE book_id = ? AND step_key = 'scene:1:1'",
                        {started.book_id})
                .first()
                .integer("n"),
            2);
  const auto status = e.status(started.book_id);
  EXPECT_EQ(status.job_id, again.job_id);
  EXPECT_EQ(status.progress, 100);
}

TEST_P(GenerationEngineTest, ACancelFromAnotherProcessStopsTheRunAtItsNextHeartbeat) {
  auto writer = std::make_shared<ScriptedWriter>();
  writer->before = [](const llm::WritingTask& task, std::stop_token stop) {
    if (task.stage == Stage::scene) wait_for_stop(stop);
  };
  auto& runner = engine(writer, {}, false);
  auto& other = engine(std::make_shared<ScriptedWriter>(), {}, false);
  const auto started = other.generate(request(3'000));
  Recorder events(*bus_, "book:" + started.book_id);
  runner.start();
  ASSERT_TRUE(eventually([&] { return writer->count(Stage::scene) > 0; }));
  const auto before = std::chrono::steady_clock::now();
  other.cancel(started.book_id);
  // The lease is 2 s, so the runner's heartbeat comes within about 0.7 s.
  ASSERT_TRUE(eventually([&] { return events.count("cancelled") == 1; }, 3s));
  EXPECT_LT(std::chrono::steady_clock::now() - before, 1500ms);
  EXPECT_TRUE(eventually([&] { return runner.running() == 0; }, 2s));
  EXPECT_EQ(other.status(started.book_id).status, "cancelled");
}

TEST_P(GenerationEngineTest, AFailedSceneRegenerationLeavesTheBookAsItWas) {
  auto writer = std::make_shared<ScriptedWriter>();
  std::atomic<bool> broken{false};
  writer->before = [&](const llm::WritingTask& task, std::stop_token) {
    if (broken && task.stage == Stage::scene) throw llm::WriterError(llm::WriterFailure::server, "the model is down");
  };
  auto& e = engine(writer);
  const auto started = e.generate(request(2'000));
  ASSERT_TRUE(eventually([&] { return finished(started.book_id); }));
  broken = true;
  e.regenerate_scene(started.book_id, 1, 1);
  ASSERT_TRUE(eventually([&] { return finished(started.book_id); }));
  const auto status = e.status(started.book_id);
  EXPECT_EQ(status.status, "failed");
  EXPECT_EQ(status.error, "the model is down");
  EXPECT_EQ(database_->query("SELECT status FROM books WHERE id = ?", {started.book_id}).first().text("status"),
            "completed");
}

TEST_P(GenerationEngineTest, ASceneRegeneratedMeanwhileDoesNotHideAFailedBookFromResume) {
  auto writer = std::make_shared<ScriptedWriter>();
  std::atomic<bool> broken{true};
  writer->before = [&](const llm::WritingTask& task, std::stop_token) {
    if (broken && task.stage == Stage::scene && task.chapter == 2) {
      throw llm::WriterError(llm::WriterFailure::overloaded, "the model is overloaded; try again later");
    }
  };
  authorworks::GenerationConfig one_at_a_time;
  one_at_a_time.parallelism = 1;
  auto& e = engine(writer, one_at_a_time);
  const auto started = e.generate(request(9'000));
  ASSERT_TRUE(eventually([&] { return finished(started.book_id); }));
  ASSERT_EQ(e.status(started.book_id).status, "failed");
  e.regenerate_scene(started.book_id, 1, 1);
  ASSERT_TRUE(eventually([&] { return job_status(started.book_id) == "completed"; }));
  EXPECT_EQ(database_->query("SELECT status FROM books WHERE id = ?", {started.book_id}).first().text("status"),
            "failed");
  broken = false;
  EXPECT_EQ(e.resume(started.book_id).job_id, started.job_id);
  ASSERT_TRUE(
      eventually([&] { return e.status(started.book_id).job_id == started.job_id && finished(started.book_id); }));
  EXPECT_EQ(e.status(started.book_id).status, "completed");
  EXPECT_EQ(database_->query("SELECT status FROM books WHERE id = ?", {started.book_id}).first().text("status"),
            "completed");
}
