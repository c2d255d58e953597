// Database::query_async: statements sent without blocking from an I/O thread (a real io_context
// and the server's reactor on a thread of its own), against a real PostgreSQL when
// AUTHORWORKS_TEST_DATABASE_URL is set, and its refusals where it cannot go without blocking.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

#include "db/database.hpp"
#include "db/ids.hpp"
#include "io_thread.hpp"

namespace db = authorworks::db;
using authorworks::Error;
using authorworks::ErrorCode;
using namespace std::chrono_literals;

namespace {

struct Started {
  bool started = false;
  std::future<db::AsyncResult> outcome;
};

// Calls query_async on the I/O thread.
Started start(IoThread& io, db::Database& database, std::string sql, std::vector<db::Value> params = {},
              std::chrono::milliseconds wait = 2s) {
  auto outcome = std::make_shared<std::promise<db::AsyncResult>>();
  Started out;
  out.started = io.run([&] {
    return database.query_async(
        sql, params, [outcome](db::AsyncResult r) { outcome->set_value(std::move(r)); }, wait);
  });
  out.outcome = outcome->get_future();
  return out;
}

ErrorCode code_of(db::AsyncResult outcome) {
  try {
    outcome.get();
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no authorworks::Error was thrown";
  return ErrorCode::internal;
}

db::AsyncResult wait_for(std::future<db::AsyncResult>& outcome) {
  if (outcome.wait_for(5s) != std::future_status::ready) throw std::runtime_error("query_async never answered");
  return outcome.get();
}

class DbAsyncPostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("AUTHORWORKS_TEST_DATABASE_URL");
    if (url == nullptr || *url == '\0') GTEST_SKIP() << "needs AUTHORWORKS_TEST_DATABASE_URL";
    schema_ = "test_async_" + db::new_id().substr(0, 8);
    admin_ = db::Database::open(url, 1);
    admin_->execute("CREATE SCHEMA " + schema_);
    admin_->execute("CREATE TABLE " + schema_ + ".items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    url_ = std::string(url) + (std::string(url).find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema_;
  }
  void TearDown() override {
    if (admin_) admin_->execute("DROP SCHEMA " + schema_ + " CASCADE");
  }

  std::string url_;
  std::string schema_;
  std::shared_ptr<db::Database> admin_;
};

}  // namespace

TEST(DbAsync, DeclinesOffIoThreadsAndOnSqlite) {
  const auto dir = std::filesystem::temp_directory_path() / ("aw-db-async-" + db::new_id().substr(0, 8));
  auto database = db::Database::open("sqlite://" + (dir / "test.db").string(), 2);
  bool called = false;
  // Not on an I/O thread: the caller may block, so it should.
  EXPECT_FALSE(database->query_async("SELECT 1 AS one", {}, [&](db::AsyncResult) { called = true; }));
  // On an I/O thread, SQLite has no non-blocking client.
  IoThread io;
  auto started = start(io, *database, "SELECT 1 AS one");
  EXPECT_FALSE(started.started);
  EXPECT_FALSE(called);
  database.reset();
  std::filesystem::remove_all(dir);
}

TEST_F(DbAsyncPostgres, RunsOnAnIdleConnectionAndSharesItsStatements) {
  auto database = db::Database::open(url_, 2);
  IoThread io;
  // No connection yet: opening one blocks, so the caller must go the blocking way.
  EXPECT_FALSE(start(io, *database, "SELECT 1 AS one").started);
  database->query("SELECT 1 AS one");  // now one idle connection

  const std::string sql =
      "SELECT CAST(? AS BIGINT) AS n, CAST(? AS TEXT) AS t, CAST(? AS TEXT) AS z, name FROM items WHERE id >= ? ORDER "
      "BY id";
  database->execute("INSERT INTO items (id, name) VALUES (?, ?), (?, ?)", {1, "caf\xC3\xA9", 2, "it's"});
  for (int round = 0; round < 3; ++round) {  // prepared on the first round, reused after
    auto started = start(io, *database, sql, {42, "text", nullptr, 1});
    ASSERT_TRUE(started.started);
    auto outcome = wait_for(started.outcome);
    const auto& result = outcome.get();
    ASSERT_EQ(result.rows.size(), 2U);
    EXPECT_EQ(result.rows[0].integer("n"), 42);
    EXPECT_EQ(result.rows[0].text("t"), "text");
    EXPECT_TRUE(result.rows[0].is_null("z"));
    EXPECT_EQ(result.rows[0].text("name"), "caf\xC3\xA9");
    EXPECT_EQ(result.rows[1].text("name"), "it's");
  }
  // The blocking way on the same connection finds the statement already prepared, and agrees.
  const auto blocking = database->query(sql, {42, "text", nullptr, 2});
  ASSERT_EQ(blocking.rows.size(), 1U);
  EXPECT_EQ(blocking.rows[0].text("name"), "it's");

  auto write = start(io, *database, "UPDATE items SET name = ? WHERE id = ?", {"renamed", 2});
  ASSERT_TRUE(write.started);
  EXPECT_EQ(wait_for(write.outcome).get().affected, 1);
  EXPECT_EQ(database->query("SELECT name FROM items WHERE id = 2").first().text("name"), "renamed");
}

TEST_F(DbAsyncPostgres, ErrorsAreWhatQueryWouldThrowAndTheConnectionStaysUsable) {
  auto database = db::Database::open(url_, 1);
  database->execute("INSERT INTO items (id, name) VALUES (1, 'one')");
  IoThread io;

  auto syntax = start(io, *database, "SELEC nonsense");
  ASSERT_TRUE(syntax.started);
  EXPECT_EQ(code_of(wait_for(syntax.outcome)), ErrorCode::internal);

  auto arity = start(io, *database, "SELECT name FROM items WHERE id = ?", {1, 2});
  ASSERT_TRUE(arity.started);
  EXPECT_EQ(code_of(wait_for(arity.outcome)), ErrorCode::internal);

  auto duplicate = start(io, *database, "INSERT INTO items (id, name) VALUES (?, ?)", {1, "again"});
  ASSERT_TRUE(duplicate.started);
  EXPECT_EQ(code_of(wait_for(duplicate.outcome)), ErrorCode::conflict);

  auto fine = start(io, *database, "SELECT name FROM items WHERE id = ?", {1});
  ASSERT_TRUE(fine.started);
  EXPECT_EQ(wait_for(fine.outcome).get().first().text("name"), "one");
}

TEST_F(DbAsyncPostgres, WaitsForABusyPoolThenGivesUp) {
  auto database = db::Database::open(url_, 1);
  IoThread io;
  auto held = database->acquire();  // the pool's only connection

  // At its size, the pool queues the statement until a connection comes back.
  auto queued = start(io, *database, "SELECT 7 AS seven");
  ASSERT_TRUE(queued.started);
  EXPECT_EQ(queued.outcome.wait_for(100ms), std::future_status::timeout);
  held.reset();
  EXPECT_EQ(wait_for(queued.outcome).get().first().integer("seven"), 7);

  // And gives up after its wait, as acquire() does.
  held = database->acquire();
  const auto asked_at = std::chrono::steady_clock::now();
  auto refused = start(io, *database, "SELECT 7 AS seven", {}, 150ms);
  ASSERT_TRUE(refused.started);
  auto outcome = wait_for(refused.outcome);
  EXPECT_GE(std::chrono::steady_clock::now() - asked_at, 140ms);
  try {
    outcome.get();
    ADD_FAILURE() << "a statement ran without a connection";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
    EXPECT_EQ(e.retry_after_seconds(), 1);
  }
  held.reset();
  EXPECT_EQ(database->query("SELECT 8 AS eight").first().integer("eight"), 8);
}
