// Database::query_pipelined against a real PostgreSQL (AUTHORWORKS_TEST_DATABASE_URL): the reads an
// I/O thread starts together share one connection in libpq's pipeline mode. Each test submits its
// statements from one handler on the I/O thread, so that they leave as one batch.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "db/ids.hpp"
#include "io_thread.hpp"

namespace db = authorworks::db;
using authorworks::Error;
using authorworks::ErrorCode;
using namespace std::chrono_literals;

namespace {

struct Statement {
  std::string sql;
  std::vector<db::Value> params;
};

// Submits every statement through query_pipelined from one handler on the I/O thread; the futures
// are their outcomes, in the same order. Fails the test when one did not start.
std::vector<std::future<db::AsyncResult>> submit(IoThread& io, db::Database& database,
                                                 const std::vector<Statement>& statements) {
  std::vector<std::shared_ptr<std::promise<db::AsyncResult>>> promises;
  std::vector<std::future<db::AsyncResult>> futures;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    promises.push_back(std::make_shared<std::promise<db::AsyncResult>>());
    futures.push_back(promises.back()->get_future());
  }
  const auto started = io.run([&] {
    std::size_t count = 0;
    for (std::size_t i = 0; i < statements.size(); ++i) {
      auto promise = promises[i];
      if (database.query_pipelined(statements[i].sql, statements[i].params,
                                   [promise](db::AsyncResult r) { promise->set_value(std::move(r)); })) {
        ++count;
      }
    }
    return count;
  });
  EXPECT_EQ(started, statements.size()) << "query_pipelined declined statements";
  return futures;
}

db::AsyncResult wait_for(std::future<db::AsyncResult>& outcome) {
  if (outcome.wait_for(10s) != std::future_status::ready) throw std::runtime_error("query_pipelined never answered");
  return outcome.get();
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

class DbPipeline : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("AUTHORWORKS_TEST_DATABASE_URL");
    if (url == nullptr || *url == '\0') GTEST_SKIP() << "needs AUTHORWORKS_TEST_DATABASE_URL";
    schema_ = "test_pipeline_" + db::new_id().substr(0, 8);
    admin_ = db::Database::open(url, 1);
    admin_->execute("CREATE SCHEMA " + schema_);
    admin_->execute("CREATE TABLE " + schema_ + ".items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    admin_->execute("INSERT INTO " + schema_ +
                    ".items (id, name) SELECT n, 'item ' || n FROM generate_series(1, 100) n");
    url_ = std::string(url) + (std::string(url).find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema_;
  }
  void TearDown() override {
    if (admin_) admin_->execute("DROP SCHEMA " + schema_ + " CASCADE");
  }

  // A database of one connection, opened: pipelines start from an idle connection only.
  std::shared_ptr<db::Database> open_one() {
    auto database = db::Database::open(url_, 1);
    database->query("SELECT 1 AS one");
    return database;
  }

  std::string url_;
  std::string schema_;
  std::shared_ptr<db::Database> admin_;
};

const std::string kById = "SELECT id, name, txid_current() AS tx FROM items WHERE id = ?";

}  // namespace

TEST_F(DbPipeline, ManyConcurrentReadsShareOneConnectionAndGetTheirOwnRows) {
  auto database = open_one();
  IoThread io;
  for (int round = 0; round < 3; ++round) {  // prepared in the first round's batch, reused after
    std::vector<Statement> statements;
    for (int id = 1; id <= 50; ++id) statements.push_back({kById, {id}});
    auto outcomes = submit(io, *database, statements);
    std::set<std::int64_t> transactions;
    for (int id = 1; id <= 50; ++id) {
      auto outcome = wait_for(outcomes[static_cast<std::size_t>(id - 1)]);
      const auto& row = outcome.get().first();
      EXPECT_EQ(row.integer("id"), id);
      EXPECT_EQ(row.text("name"), "item " + std::to_string(id));
      transactions.insert(row.integer("tx"));
    }
    // One batch up to one sync point runs as one implicit transaction on the server: with one
    // statement per round trip, 50 reads would be 50 transactions.
    EXPECT_EQ(transactions.size(), 1U) << "round " << round;
  }
  // The connection went back to the pool out of pipeline mode: a transaction runs on it.
  database->transaction([](db::Session& s) {
    s.execute("UPDATE items SET name = ? WHERE id = ?", {"renamed", 7});
    EXPECT_EQ(s.query("SELECT name FROM items WHERE id = 7").first().text("name"), "renamed");
  });
  auto after = submit(io, *database, {{kById, {7}}});
  EXPECT_EQ(wait_for(after[0]).get().first().text("name"), "renamed");
}

TEST_F(DbPipeline, AFailingStatementFailsAloneAndTheOthersStillRun) {
  auto database = open_one();
  IoThread io;
  const std::string as_number = "SELECT CAST(? AS INTEGER) AS n";
  // First sent behind the failing statement: its prepare is skipped with the rest of that batch.
  const std::string other_text = "SELECT CAST(? AS INTEGER) + 1000 AS n";
  std::vector<Statement> statements;
  for (int i = 0; i < 30; ++i) {
    if (i == 10) {
      statements.push_back({as_number, {"not a number"}});  // fails when it runs
    } else if (i == 20) {
      statements.push_back({"SELEC nonsense", {}});  // fails when it is prepared
    } else if (i == 25) {
      statements.push_back({as_number, {1, 2}});  // fails before it is sent
    } else {
      statements.push_back({i > 10 && i % 2 == 1 ? other_text : as_number, {std::to_string(i)}});
    }
  }
  auto outcomes = submit(io, *database, statements);
  for (int i = 0; i < 30; ++i) {
    auto outcome = wait_for(outcomes[static_cast<std::size_t>(i)]);
    if (i == 10 || i == 20 || i == 25) {
      EXPECT_EQ(code_of(std::move(outcome)), ErrorCode::internal) << "statement " << i;
    } else {
      EXPECT_EQ(outcome.get().first().integer("n"), i + (i > 10 && i % 2 == 1 ? 1000 : 0)) << "statement " << i;
    }
  }
  auto division = submit(io, *database, {{"SELECT CAST(? AS INTEGER) / 0 AS n", {1}}, {kById, {3}}});
  EXPECT_EQ(code_of(wait_for(division[0])), ErrorCode::internal);
  EXPECT_EQ(wait_for(division[1]).get().first().integer("id"), 3);
  EXPECT_EQ(database->query(other_text, {"5"}).first().integer("n"), 1005);
}

TEST_F(DbPipeline, ALostConnectionFailsEveryStatementInFlightAndThePoolReconnects) {
  auto database = open_one();
  IoThread io;
  std::vector<Statement> statements;
  for (int id = 1; id <= 10; ++id) statements.push_back({kById, {id}});
  // The server ends this connection while it runs, as when it restarts.
  statements.push_back({"SELECT pg_terminate_backend(pg_backend_pid()) AS gone", {}});
  for (int id = 11; id <= 20; ++id) statements.push_back({kById, {id}});
  auto outcomes = submit(io, *database, statements);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    auto outcome = wait_for(outcomes[i]);
    if (i < 10) {
      EXPECT_EQ(outcome.get().first().integer("id"), static_cast<std::int64_t>(i + 1));
    } else if (i > 10) {  // the terminating statement itself may answer before its backend exits
      try {
        outcome.get();
        ADD_FAILURE() << "statement " << i << " answered on a lost connection";
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::unavailable) << "statement " << i;
        EXPECT_GT(e.retry_after_seconds(), 0);
      }
    }
  }
  // The lost connection was closed; the blocking way opens a new one, which pipelines again.
  EXPECT_EQ(database->query("SELECT 2 AS two").first().integer("two"), 2);
  std::vector<Statement> again;
  for (int id = 1; id <= 5; ++id) again.push_back({kById, {id}});
  auto answers = submit(io, *database, again);
  for (int id = 1; id <= 5; ++id) {
    EXPECT_EQ(wait_for(answers[static_cast<std::size_t>(id - 1)]).get().first().integer("id"), id);
  }
}

TEST_F(DbPipeline, StoppingWithStatementsInFlightClosesTheConnection) {
  auto database = open_one();
  {
    IoThread io;
    std::vector<Statement> statements;
    for (int i = 0; i < 5; ++i) statements.push_back({"SELECT pg_sleep(0.05) IS NULL AS slept", {}});
    submit(io, *database, statements);
  }  // the I/O thread stops before the answers come
  // The connection's state was unknown: it was closed, and a fresh one serves the next statements.
  EXPECT_EQ(database->query("SELECT 3 AS three").first().integer("three"), 3);
  database->transaction([](db::Session& s) { EXPECT_EQ(s.query("SELECT 4 AS four").first().integer("four"), 4); });
}

TEST_F(DbPipeline, WaitsForABusyPoolLikeQueryAsync) {
  auto database = open_one();
  IoThread io;
  auto held = database->acquire();  // the pool's only connection
  auto queued = submit(io, *database, {{kById, {9}}, {kById, {10}}});
  EXPECT_EQ(queued[0].wait_for(50ms), std::future_status::timeout);
  held.reset();
  EXPECT_EQ(wait_for(queued[0]).get().first().integer("id"), 9);
  EXPECT_EQ(wait_for(queued[1]).get().first().integer("id"), 10);
}
