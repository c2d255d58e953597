// The database layer against real databases: SQLite in a temporary file always, PostgreSQL when
// AUTHORWORKS_TEST_DATABASE_URL is set (scripts/test.sh starts one with scripts/test-postgres.sh).
// Every PostgreSQL test works in a schema of its own, so that the tests can run in parallel.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "app/cli.hpp"
#include "core/config.hpp"
#include "db/database.hpp"
#include "db/ids.hpp"
#include "db/migrations.hpp"
#include "db/sql_text.hpp"
#include "db/timestamps.hpp"

extern char** environ;

namespace authorworks::db {
// Names the backend in test names and messages ("sqlite", not "4-byte object <00-00 00-00>").
void PrintTo(Backend backend, std::ostream* out) { *out << to_string(backend); }
}  // namespace authorworks::db

namespace db = authorworks::db;
using authorworks::Error;
using authorworks::ErrorCode;
using namespace std::chrono_literals;

namespace {

std::string postgres_url() {
  const char* url = std::getenv("AUTHORWORKS_TEST_DATABASE_URL");
  return url != nullptr ? url : "";
}

std::string random_suffix() { return db::new_id().substr(0, 8); }

// The URL with the PostgreSQL search_path set to `schema`, for every connection of the pool.
std::string with_search_path(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no authorworks::Error was thrown";
  return ErrorCode::internal;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs a command line through the shell and returns its standard output; fails the test on a
// non-zero exit.
std::string shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return out;
  }
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  const int status = pclose(pipe);
  EXPECT_EQ(status, 0) << command << "\n" << out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

const std::vector<db::Migration>& test_table() {
  static const std::vector<db::Migration> migrations{{1, "items",
                                                      "CREATE TABLE items (\n"
                                                      "  id TEXT PRIMARY KEY,\n"
                                                      "  n BIGINT,\n"
                                                      "  r DOUBLE PRECISION,\n"
                                                      "  t TEXT,\n"
                                                      "  b BOOLEAN,\n"
                                                      "  at {{TIMESTAMP}},\n"
                                                      "  doc {{JSON}},\n"
                                                      "  email TEXT,\n"
                                                      "  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},\n"
                                                      "  CONSTRAINT items_email_key UNIQUE (email)\n"
                                                      ")"}};
  return migrations;
}

}  // namespace

// ---- pure helpers ----

TEST(DbSqlText, NumbersPlaceholders) {
  const auto n = db::detail::number_placeholders("SELECT * FROM t WHERE a = ? AND b IN (?, ?)");
  EXPECT_EQ(n.text, "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
  EXPECT_EQ(n.parameters, 3);
}

TEST(DbSqlText, LeavesQuestionMarksInLiteralsAndCommentsAlone) {
  const auto n = db::detail::number_placeholders(
      "SELECT '?', 'it''s ?', E'\\'?', \"we?ird\", $$ ? $$, $tag$ ? $tag$, ? -- ?\n/* ? /* ? */ ? */ , ?::text");
  EXPECT_EQ(
      n.text,
      "SELECT '?', 'it''s ?', E'\\'?', \"we?ird\", $$ ? $$, $tag$ ? $tag$, $1 -- ?\n/* ? /* ? */ ? */ , $2::text");
  EXPECT_EQ(n.parameters, 2);
}

TEST(DbSqlText, PostgresTimestampsBecomeIsoUtc) {
  using db::detail::iso_timestamp_from_postgres;
  EXPECT_EQ(iso_timestamp_from_postgres("2026-11-28 21:55:52.123+00"), "2026-11-28T21:55:52.123Z");
  EXPECT_EQ(iso_timestamp_from_postgres("2026-11-28 21:55:52.12+00"), "2026-11-28T21:55:52.120Z");
  EXPECT_EQ(iso_timestamp_from_postgres("2026-11-28 21:55:52+00"), "2026-11-28T21:55:52.000Z");
  EXPECT_EQ(iso_timestamp_from_postgres("2026-11-28 21:55:52.123456+00"), "2026-11-28T21:55:52.123Z");
  EXPECT_EQ(iso_timestamp_from_postgres("2026-11-28 21:55:52.5"), "2026-11-28T21:55:52.500Z");
  EXPECT_EQ(iso_timestamp_from_postgres("infinity"), "infinity");
  EXPECT_EQ(iso_timestamp_from_postgres("2026-11-28 21:55:52+02"), "2026-11-28 21:55:52+02");
}

TEST(DbSqlText, UniqueViolationColumns) {
  using V = std::vector<std::string>;
  EXPECT_EQ(db::detail::sqlite_unique_columns("UNIQUE constraint failed: users.email"), V{"email"});
  EXPECT_EQ(db::detail::sqlite_unique_columns("UNIQUE constraint failed: chapters.book_id, chapters.number"),
            (V{"book_id", "number"}));
  EXPECT_EQ(db::detail::sqlite_unique_columns("UNIQUE constraint failed: index 'x'"), V{});
  EXPECT_EQ(db::detail::postgres_unique_columns("Key (email)=(a@b.c) already exists."), V{"email"});
  EXPECT_EQ(db::detail::postgres_unique_columns("Key (book_id, number)=(x, 1) already exists."),
            (V{"book_id", "number"}));
  EXPECT_EQ(db::detail::postgres_unique_columns("Key (lower(email))=(a) already exists."), V{});
}

TEST(DbIds, AreRandomUuidV4) {
  const auto a = db::new_id();
  const auto b = db::new_id();
  EXPECT_NE(a, b);
  EXPECT_TRUE(db::is_id(a));
  EXPECT_TRUE(std::regex_match(a, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  EXPECT_FALSE(db::is_id("not-an-id"));
  EXPECT_FALSE(db::is_id("0B7C5D3E-4F1A-4B2C-9D8E-7F6A5B4C3D2E"));
}

TEST(DbTimestamps, FormatAndParse) {
  const auto t = db::parse_timestamp("2026-11-28T21:55:52.123Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(db::to_timestamp(*t), "2026-11-28T21:55:52.123Z");
  EXPECT_EQ(db::to_timestamp(*db::parse_timestamp("1999-12-31T23:59:59Z")), "1999-12-31T23:59:59.000Z");
  EXPECT_FALSE(db::parse_timestamp("2026-11-28 21:55:52.123Z"));
  EXPECT_FALSE(db::parse_timestamp("2026-02-30T00:00:00.000Z"));
  EXPECT_FALSE(db::parse_timestamp("2026-11-28T21:55:52.123+01:00"));
  EXPECT_TRUE(std::regex_match(db::now_timestamp(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
}

TEST(DbValue, ConvertsFromCppTypes) {
  EXPECT_TRUE(db::Value().is_null());
  EXPECT_EQ(std::get<std::int64_t>(db::Value(42)), 42);
  EXPECT_EQ(std::get<std::int64_t>(db::Value(std::size_t{7})), 7);
  EXPECT_EQ(std::get<std::string>(db::Value("text")), "text");
  EXPECT_EQ(std::get<std::string>(db::Value(std::string_view("view"))), "view");
  EXPECT_TRUE(std::get<bool>(db::Value(true)));
  EXPECT_DOUBLE_EQ(std::get<double>(db::Value(1.5)), 1.5);
  EXPECT_TRUE(db::Value(std::optional<std::string>()).is_null());
  EXPECT_EQ(std::get<std::string>(db::Value(std::optional<std::string>("x"))), "x");
  EXPECT_EQ(code_of([] { db::Value(std::uint64_t{UINT64_MAX}); }), ErrorCode::internal);
}

TEST(DbMigrations, TokensArePerBackend) {
  const std::string sql = "CREATE TABLE x (at {{TIMESTAMP}} DEFAULT {{NOW}}, doc {{JSON}})";
  EXPECT_EQ(db::render_migration(sql, db::Backend::postgres),
            "CREATE TABLE x (at TIMESTAMPTZ(3) DEFAULT now(), doc JSON)");
  EXPECT_EQ(db::render_migration(sql, db::Backend::sqlite),
            "CREATE TABLE x (at TEXT DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), doc TEXT)");
  EXPECT_THROW(db::render_migration("{{SERIAL}}", db::Backend::sqlite), std::invalid_argument);
}

TEST(DbMigrations, EmbeddedAreOrderedAndComplete) {
  for (const auto backend : {db::Backend::sqlite, db::Backend::postgres}) {
    const auto migrations = db::embedded_migrations(backend);
    ASSERT_FALSE(migrations.empty());
    EXPECT_EQ(migrations[0].label(), "0001_initial");
    for (std::size_t i = 1; i < migrations.size(); ++i) EXPECT_LT(migrations[i - 1].version, migrations[i].version);
    for (const auto& m : migrations) EXPECT_NO_THROW(db::render_migration(m.sql, backend)) << m.label();
  }
  EXPECT_EQ(db::migration_checksum("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DbConfig, PoolSizeIsValidated) {
  using authorworks::ConfigError;
  using authorworks::load_config;
  EXPECT_EQ(load_config({}, "all", 8080).database_pool_size, 20u);
  EXPECT_EQ(load_config({{"DATABASE_POOL_SIZE", "5"}}, "all", 8080).database_pool_size, 5u);
  for (const auto* bad : {"0", "1001", "ten", "-1"}) {
    try {
      load_config({{"DATABASE_POOL_SIZE", bad}}, "all", 8080);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.variable(), "DATABASE_POOL_SIZE");
    }
  }
}

TEST(DbCli, MigrateCommand) {
  using authorworks::CliCommand;
  using authorworks::parse_cli;
  EXPECT_EQ(parse_cli({"migrate"}, "").kind, CliCommand::Kind::migrate);
  const auto help = parse_cli({"migrate", "--help"}, "");
  EXPECT_EQ(help.kind, CliCommand::Kind::help);
  EXPECT_NE(help.text.find("authorworks migrate"), std::string::npos);
  EXPECT_EQ(parse_cli({"migrate", "--target", "users"}, "").kind, CliCommand::Kind::error);
  EXPECT_NE(parse_cli({"--help"}, "").text.find("migrate"), std::string::npos);
}

TEST(DbOpen, RejectsMalformedUrls) {
  EXPECT_THROW(db::Database::open("mysql://x", 1), std::invalid_argument);
  EXPECT_THROW(db::Database::open("sqlite://", 1), std::invalid_argument);
  EXPECT_THROW(db::Database::open("sqlite://:memory:", 1), std::invalid_argument);
  EXPECT_THROW(db::Database::open("postgres://u@h:notaport:/db?bad=%", 1), std::invalid_argument);
  EXPECT_THROW(db::Database::open("sqlite:///tmp/x.db", 0), std::invalid_argument);
}

TEST(DbOpen, UnreachablePostgresIsUnavailablePromptly) {
  // Nothing listens on port 1: the connection is refused, and the next attempts within a second
  // fail without trying. Neither waits for the pool.
  auto database = db::Database::open("postgres://nobody@127.0.0.1:1/none", 2);
  EXPECT_EQ(database->describe(), "postgresql nobody@127.0.0.1:1/none");
  for (int i = 0; i < 3; ++i) {
    const auto start = std::chrono::steady_clock::now();
    try {
      database->acquire();
      ADD_FAILURE() << "connected to port 1";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::unavailable);
      EXPECT_GT(e.retry_after_seconds(), 0);
      EXPECT_EQ(e.detail().find("127.0.0.1"), std::string::npos) << "the reason belongs in the log: " << e.detail();
    }
    EXPECT_LT(seconds_since(start), 5.0);
  }
  const auto check = database->check();
  EXPECT_EQ(check.name, "database");
  EXPECT_FALSE(check.ok);
  EXPECT_NE(check.detail.find("refused"), std::string::npos) << check.detail;
}

TEST(DbOpen, SqliteCreatesTheFolder) {
  const auto dir = std::filesystem::temp_directory_path() / ("aw-db-open-" + random_suffix());
  {
    auto database = db::Database::open("sqlite://" + (dir / "a" / "b" / "x.db").string(), 1);
    EXPECT_TRUE(std::filesystem::exists(dir / "a" / "b" / "x.db"));
    EXPECT_EQ(database->query("PRAGMA journal_mode").first().text("journal_mode"), "wal");
    EXPECT_EQ(database->query("PRAGMA foreign_keys").first().integer("foreign_keys"), 1);
    EXPECT_EQ(database->query("PRAGMA synchronous").first().integer("synchronous"), 1);  // NORMAL
    EXPECT_EQ(database->query("PRAGMA busy_timeout").first().integer("timeout"), 5000);
  }
  std::filesystem::remove_all(dir);
}

// ---- both backends ----

class DbTest : public ::testing::TestWithParam<db::Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == db::Backend::postgres) {
      const auto url = postgres_url();
      if (url.empty()) {
        GTEST_SKIP()
            << "PostgreSQL tests need AUTHORWORKS_TEST_DATABASE_URL (scripts/test-postgres.sh start prints one)";
      }
      schema_ = "test_" + random_suffix();
      admin_ = db::Database::open(url, 1);
      admin_->execute("CREATE SCHEMA " + schema_);
      url_ = with_search_path(url, schema_);
    } else {
      dir_ = std::filesystem::temp_directory_path() / ("aw-db-test-" + random_suffix());
      url_ = "sqlite://" + (dir_ / "test.db").string();
    }
    database_ = db::Database::open(url_, 4);
  }

  void TearDown() override {
    database_.reset();
    if (admin_) admin_->execute("DROP SCHEMA " + schema_ + " CASCADE");
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void make_items() { database_->apply_migrations(test_table()); }

  std::int64_t count(const std::string& table) {
    return database_->query("SELECT COUNT(*) AS n FROM " + table).first().integer("n");
  }

  std::string url_;
  std::string schema_;
  std::filesystem::path dir_;
  std::shared_ptr<db::Database> admin_;
  std::shared_ptr<db::Database> database_;
};

INSTANTIATE_TEST_SUITE_P(Backends, DbTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         [](const auto& p) { return std::string(db::to_string(p.param)); });

TEST_P(DbTest, CrudWithEveryValueType) {
  make_items();
  EXPECT_EQ(database_->backend(), GetParam());
  const auto id = db::new_id();
  EXPECT_EQ(database_->execute("INSERT INTO items (id, n, r, t, b, at, doc) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               {id, 42, 2.5, "hello", true, "2026-11-28T21:55:52.123Z", R"({"a": [1, 2]})"}),
            1);

  auto row = database_->query("SELECT id, n, r, t, b, at, doc, created_at FROM items WHERE id = ?", {id}).first();
  EXPECT_EQ(row.columns(), (std::vector<std::string>{"id", "n", "r", "t", "b", "at", "doc", "created_at"}));
  EXPECT_EQ(row.text("id"), id);
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(row.at("n")));
  EXPECT_EQ(row.integer("n"), 42);
  EXPECT_TRUE(std::holds_alternative<double>(row.at("r")));
  EXPECT_DOUBLE_EQ(row.real("r"), 2.5);
  EXPECT_EQ(row.text("t"), "hello");
  EXPECT_TRUE(std::holds_alternative<bool>(row.at("b"))) << "BOOLEAN columns are bool on both backends";
  EXPECT_TRUE(row.boolean("b"));
  EXPECT_EQ(row.text("at"), "2026-11-28T21:55:52.123Z");
  EXPECT_EQ(row.text("doc"), R"({"a": [1, 2]})") << "JSON is kept verbatim";

  EXPECT_EQ(database_->execute("UPDATE items SET n = n + ?, b = ? WHERE id = ?", {8, false, id}), 1);
  row = database_->query("SELECT n, b FROM items WHERE id = ?", {id}).first();
  EXPECT_EQ(row.integer("n"), 50);
  EXPECT_FALSE(row.boolean("b"));
  EXPECT_EQ(database_->query("SELECT n FROM items WHERE b = ?", {false}).rows.size(), 1u);

  const auto select = database_->query("SELECT id FROM items");
  EXPECT_EQ(select.affected, 0) << "a SELECT changes nothing";
  EXPECT_EQ(database_->execute("UPDATE items SET n = 0 WHERE id = ?", {"nope"}), 0);
  EXPECT_EQ(database_->execute("DELETE FROM items WHERE id = ?", {id}), 1);
  const auto none = database_->query("SELECT id FROM items WHERE id = ?", {id});
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(code_of([&] { none.first(); }), ErrorCode::not_found);
}

TEST_P(DbTest, InsertReturning) {
  make_items();
  const auto result = database_->query("INSERT INTO items (id, n) VALUES (?, ?), (?, ?) RETURNING id, n",
                                       {db::new_id(), 1, db::new_id(), 2});
  EXPECT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(result.affected, 2);
  EXPECT_EQ(result.columns, (std::vector<std::string>{"id", "n"}));
}

TEST_P(DbTest, NullsBothWays) {
  make_items();
  const auto id = db::new_id();
  database_->execute("INSERT INTO items (id, n, r, t, b, at) VALUES (?, ?, ?, ?, ?, ?)",
                     {id, nullptr, db::Value(), std::optional<std::string>(), nullptr, nullptr});
  const auto row = database_->query("SELECT n, r, t, b, at FROM items WHERE id = ?", {id}).first();
  for (const auto* c : {"n", "r", "t", "b", "at"}) EXPECT_TRUE(row.is_null(c)) << c;
  EXPECT_FALSE(row.optional_text("t"));
  EXPECT_FALSE(row.optional_integer("n"));
  EXPECT_FALSE(row.optional_real("r"));
  EXPECT_FALSE(row.optional_boolean("b"));
  EXPECT_EQ(code_of([&] { row.text("t"); }), ErrorCode::internal);
  EXPECT_EQ(code_of([&] { row.integer("n"); }), ErrorCode::internal);
  EXPECT_EQ(code_of([&] { row.text("no_such_column"); }), ErrorCode::internal);
  EXPECT_EQ(database_->query("SELECT id FROM items WHERE t IS NULL").rows.size(), 1u);
}

TEST_P(DbTest, ExtremeNumbers) {
  make_items();
  const std::vector<std::pair<std::int64_t, double>> cases{
      {INT64_MAX, 3.141592653589793}, {INT64_MIN, -1e300}, {0, 5e-324}, {-1, 0.1 + 0.2}, {1, -0.0}};
  for (const auto& [n, r] : cases) {
    const auto id = db::new_id();
    database_->execute("INSERT INTO items (id, n, r) VALUES (?, ?, ?)", {id, n, r});
    const auto row = database_->query("SELECT n, r FROM items WHERE id = ?", {id}).first();
    EXPECT_EQ(row.integer("n"), n);
    EXPECT_EQ(row.real("r"), r) << "reals round-trip exactly";
  }
}

TEST_P(DbTest, MetacharactersAreStoredVerbatim) {
  make_items();
  const std::vector<std::string> texts{"'; DROP TABLE items; --",
                                       "?",
                                       "$1 $2 ?? ?|",
                                       R"(back\slash \' \" \\n)",
                                       "\"quoted\" 'single' `back`",
                                       "%_ LIKE wildcards %",
                                       "/* not a comment */ -- nor this",
                                       "$$ dollar $$ $tag$",
                                       "line\nbreak\ttab\r\n",
                                       "",
                                       std::string(100000, 'x')};
  for (const auto& t : texts) {
    const auto id = db::new_id();
    database_->execute("INSERT INTO items (id, t) VALUES (?, ?)", {id, t});
    EXPECT_EQ(database_->query("SELECT t FROM items WHERE id = ?", {id}).first().text("t"), t);
    EXPECT_EQ(database_->query("SELECT id FROM items WHERE t = ?", {t}).first().text("id"), id);
  }
  EXPECT_EQ(count("items"), static_cast<std::int64_t>(texts.size()));
  // A question mark inside a literal is not a placeholder.
  const auto row = database_->query("SELECT '?' AS q, ? AS p, 'it''s ?' AS s", {"x"}).first();
  EXPECT_EQ(row.text("q"), "?");
  EXPECT_EQ(row.text("p"), "x");
  EXPECT_EQ(row.text("s"), "it's ?");
  // PostgreSQL cannot store NUL in text; neither backend takes it.
  EXPECT_EQ(code_of([&] {
              database_->execute("INSERT INTO items (id, t) VALUES (?, ?)", {db::new_id(), std::string("a\0b", 3)});
            }),
            ErrorCode::validation_failed);
}

TEST_P(DbTest, UnicodeText) {
  make_items();
  const std::string text =
      "Ünïcödé — 日本語のテキスト, العربية, emoji 🚀👩‍👩‍👧, combining e\u0301";
  const auto id = db::new_id();
  database_->execute("INSERT INTO items (id, t) VALUES (?, ?)", {id, text});
  EXPECT_EQ(database_->query("SELECT t FROM items WHERE id = ?", {id}).first().text("t"), text);
  EXPECT_EQ(database_->query("SELECT id FROM items WHERE t = ?", {text}).first().text("id"), id);
}

TEST_P(DbTest, TransactionsCommitAndRollBack) {
  make_items();
  database_->transaction([](db::Session& s) {
    s.execute("INSERT INTO items (id) VALUES (?)", {"a"});
    s.execute("INSERT INTO items (id) VALUES (?)", {"b"});
  });
  EXPECT_EQ(count("items"), 2);

  struct Boom {};
  EXPECT_THROW(database_->transaction([](db::Session& s) {
    s.execute("INSERT INTO items (id) VALUES (?)", {"c"});
    throw Boom{};
  }),
               Boom);
  EXPECT_EQ(count("items"), 2) << "the throwing transaction left nothing behind";

  // Nested: the inner one rolls back alone.
  database_->transaction([](db::Session& s) {
    s.execute("INSERT INTO items (id) VALUES (?)", {"d"});
    EXPECT_THROW(s.transaction([](db::Session& inner) {
      inner.execute("INSERT INTO items (id) VALUES (?)", {"e"});
      throw Boom{};
    }),
                 Boom);
    s.execute("INSERT INTO items (id) VALUES (?)", {"f"});
  });
  EXPECT_EQ(count("items"), 4);
  EXPECT_TRUE(database_->query("SELECT id FROM items WHERE id = ?", {"e"}).empty());

  // A failed statement inside a transaction rolls the whole of it back and leaves the connection
  // usable (on PostgreSQL the transaction is aborted after the error).
  EXPECT_EQ(code_of([&] {
              database_->transaction([](db::Session& s) {
                s.execute("INSERT INTO items (id) VALUES (?)", {"g"});
                s.execute("INSERT INTO items (id) VALUES (?)", {"a"});
              });
            }),
            ErrorCode::conflict);
  EXPECT_EQ(count("items"), 4);

  // A session given back with a transaction still open is rolled back by the pool.
  {
    auto s = database_->acquire();
    s->query(GetParam() == db::Backend::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    s->execute("INSERT INTO items (id) VALUES (?)", {"h"});
  }
  EXPECT_EQ(count("items"), 4);
}

TEST_P(DbTest, UniqueViolationIsConflictNamingTheColumn) {
  make_items();
  database_->execute("INSERT INTO items (id, email) VALUES (?, ?)", {"1", "a@example.com"});
  try {
    database_->execute("INSERT INTO items (id, email) VALUES (?, ?)", {"2", "a@example.com"});
    FAIL() << "a duplicate was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::conflict);
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0].field, "email");
    EXPECT_NE(e.detail().find("email"), std::string::npos);
    EXPECT_EQ(e.detail().find("a@example.com"), std::string::npos) << "the value is not echoed";
  }
  EXPECT_EQ(code_of([&] { database_->execute("INSERT INTO items (id) VALUES (?)", {"1"}); }), ErrorCode::conflict);
}

TEST_P(DbTest, SqlErrorsAreInternalWithoutTheSql) {
  make_items();
  try {
    database_->query("SELEKT secret_column FROM items");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::internal);
    EXPECT_EQ(e.detail().find("secret_column"), std::string::npos) << e.detail();
  }
  EXPECT_EQ(code_of([&] { database_->query("SELECT id FROM items WHERE id = ?", {}); }), ErrorCode::internal);
  EXPECT_EQ(code_of([&] { database_->query("SELECT id FROM items WHERE id = ?", {"a", "b"}); }), ErrorCode::internal);
  // The connection is fine afterwards.
  EXPECT_EQ(count("items"), 0);
}

TEST_P(DbTest, TimestampsRoundTripAsUtc) {
  make_items();
  for (const auto* t : {"2026-11-28T21:55:52.123Z", "2026-01-01T00:00:00.000Z", "1999-12-31T23:59:59.999Z"}) {
    const auto id = db::new_id();
    database_->execute("INSERT INTO items (id, at) VALUES (?, ?)", {id, t});
    EXPECT_EQ(database_->query("SELECT at FROM items WHERE id = ?", {id}).first().text("at"), t);
  }
  // Compared and ordered as instants.
  const auto later = database_->query("SELECT at FROM items WHERE at > ? ORDER BY at", {"2000-01-01T00:00:00.000Z"});
  ASSERT_EQ(later.rows.size(), 2u);
  EXPECT_EQ(later.rows[0].text("at"), "2026-01-01T00:00:00.000Z");

  // The default is now, in the same form.
  const auto id = db::new_id();
  database_->execute("INSERT INTO items (id) VALUES (?)", {id});
  const auto created = database_->query("SELECT created_at FROM items WHERE id = ?", {id}).first().text("created_at");
  EXPECT_TRUE(std::regex_match(created, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"))) << created;
  const auto parsed = db::parse_timestamp(created);
  ASSERT_TRUE(parsed);
  EXPECT_LT(std::chrono::abs(std::chrono::system_clock::now() - *parsed), 60s) << created << " is not now in UTC";

  if (GetParam() == db::Backend::postgres) {
    // PostgreSQL understands offsets and answers in UTC.
    database_->execute("UPDATE items SET at = ? WHERE id = ?", {"2026-11-28T22:55:52.123+01:00", id});
    EXPECT_EQ(database_->query("SELECT at FROM items WHERE id = ?", {id}).first().text("at"),
              "2026-11-28T21:55:52.123Z");
  }
}

TEST_P(DbTest, PoolExhaustionIsUnavailableWithinTheWait) {
  auto database = db::Database::open(url_, 2);
  auto a = database->acquire();
  auto b = database->acquire();
  const auto start = std::chrono::steady_clock::now();
  try {
    database->acquire(200ms);
    FAIL() << "a third connection from a pool of two";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
    EXPECT_EQ(e.retry_after_seconds(), 1);
  }
  const auto waited = seconds_since(start);
  EXPECT_GE(waited, 0.18);
  EXPECT_LT(waited, 2.0);

  // A connection given back during the wait is taken.
  std::thread giver([&] {
    std::this_thread::sleep_for(100ms);
    a.reset();
  });
  auto c = database->acquire(5s);
  giver.join();
  EXPECT_EQ(c->query("SELECT 1 AS one").first().integer("one"), 1);
}

TEST_P(DbTest, ConcurrentWritersWaitForEachOther) {
  make_items();
  constexpr int kThreads = 4;
  constexpr int kTransactions = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTransactions; ++i) {
        try {
          database_->transaction([&](db::Session& s) {
            const auto n = s.query("SELECT COUNT(*) AS n FROM items").first().integer("n");
            s.execute("INSERT INTO items (id, n) VALUES (?, ?)", {std::to_string(t) + "-" + std::to_string(i), n});
          });
        } catch (const std::exception& e) {
          ++failures;
          ADD_FAILURE() << e.what();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count("items"), kThreads * kTransactions);
}

TEST_P(DbTest, MigrationsApplyOnceAndAreIdempotent) {
  const auto embedded = db::embedded_migrations(GetParam());
  ASSERT_FALSE(embedded.empty());
  std::vector<std::string> labels;
  for (const auto& m : embedded) labels.push_back(m.label());
  const auto first = database_->migrate();
  EXPECT_EQ(first.applied, labels);
  EXPECT_EQ(first.schema_version, embedded.back().version);
  const auto second = database_->migrate();
  EXPECT_TRUE(second.applied.empty());
  EXPECT_EQ(second.schema_version, embedded.back().version);
  const auto recorded =
      database_->query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version");
  ASSERT_EQ(recorded.rows.size(), embedded.size());
  EXPECT_EQ(recorded.rows[0].text("name"), "initial");
  EXPECT_EQ(recorded.rows[0].text("checksum"), db::migration_checksum(db::embedded_migrations(GetParam())[0].sql));
  EXPECT_TRUE(db::parse_timestamp(recorded.rows[0].text("applied_at")));

  // The schema works: cascades, foreign keys, booleans, the one-active-job rule.
  const auto user = db::new_id();
  const auto book = db::new_id();
  database_->execute("INSERT INTO users (id, email, username, password_hash) VALUES (?, ?, ?, ?)",
                     {user, "writer@example.com", "writer", nullptr});
  database_->execute("INSERT INTO books (id, user_id, title) VALUES (?, ?, ?)", {book, user, "A Book"});
  database_->execute("INSERT INTO chapters (id, book_id, number) VALUES (?, ?, ?)", {db::new_id(), book, 1});
  database_->execute("INSERT INTO generation_jobs (id, book_id, user_id) VALUES (?, ?, ?)", {db::new_id(), book, user});
  EXPECT_EQ(code_of([&] {
              database_->execute("INSERT INTO generation_jobs (id, book_id, user_id) VALUES (?, ?, ?)",
                                 {db::new_id(), book, user});
            }),
            ErrorCode::conflict);
  EXPECT_EQ(code_of([&] {
              database_->execute("INSERT INTO books (id, user_id, title) VALUES (?, ?, ?)",
                                 {db::new_id(), "no-such-user", "Orphan"});
            }),
            ErrorCode::conflict);
  const auto u =
      database_->query("SELECT is_admin, auth_source, metadata FROM users, books WHERE users.id = ?", {user});
  EXPECT_FALSE(u.first().boolean("is_admin"));
  EXPECT_EQ(u.first().text("auth_source"), "local");
  EXPECT_EQ(u.first().text("metadata"), "{}");
  EXPECT_EQ(database_->execute("DELETE FROM users WHERE id = ?", {user}), 1);
  EXPECT_EQ(count("books"), 0);
  EXPECT_EQ(count("chapters"), 0);
  EXPECT_EQ(count("generation_jobs"), 0);
}

TEST_P(DbTest, ChangedMigrationIsDetected) {
  database_->migrate();
  database_->execute("UPDATE schema_migrations SET checksum = ? WHERE version = 1", {"0000"});
  try {
    database_->migrate();
    FAIL() << "a changed migration was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::internal);
    EXPECT_NE(e.detail().find("0001_initial"), std::string::npos) << e.detail();
    EXPECT_NE(e.detail().find("changed"), std::string::npos) << e.detail();
  }
}

TEST_P(DbTest, FailingMigrationLeavesNothingBehind) {
  std::vector<db::Migration> migrations{{1, "one", "CREATE TABLE one (x TEXT)"}};
  EXPECT_EQ(database_->apply_migrations(migrations).applied, std::vector<std::string>{"0001_one"});
  migrations.push_back({2, "two", "CREATE TABLE two (x TEXT); INSERT INTO one (x) VALUES ('y'); SELECT * FROM nope"});
  EXPECT_EQ(code_of([&] { database_->apply_migrations(migrations); }), ErrorCode::internal);
  EXPECT_EQ(count("schema_migrations"), 1);
  EXPECT_EQ(count("one"), 0);
  EXPECT_EQ(code_of([&] { count("two"); }), ErrorCode::internal) << "table two was rolled back";

  migrations[1].sql = "CREATE TABLE two (x TEXT)";
  migrations.push_back({3, "three", "CREATE TABLE three (at {{TIMESTAMP}} DEFAULT {{NOW}})"});
  const auto report = database_->apply_migrations(migrations);
  EXPECT_EQ(report.applied, (std::vector<std::string>{"0002_two", "0003_three"}));
  EXPECT_EQ(report.schema_version, 3);
  EXPECT_THROW(database_->apply_migrations({{2, "x", ""}, {1, "y", ""}}), std::invalid_argument);
}

// Four `authorworks migrate` processes at once against one database: one applies, the others
// find the work done, none fails.
TEST_P(DbTest, ConcurrentMigrateProcesses) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    if (!entry.starts_with("DATABASE_URL=") && !entry.starts_with("LOG_")) env_strings.emplace_back(entry);
  }
  env_strings.push_back("DATABASE_URL=" + url_);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  const auto out_dir = std::filesystem::temp_directory_path() / ("aw-migrate-" + random_suffix());
  std::filesystem::create_directories(out_dir);
  std::vector<pid_t> children;
  for (int i = 0; i < 4; ++i) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const auto out = (out_dir / (std::to_string(i) + ".out")).string();
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::string binary = AUTHORWORKS_BINARY;
    std::string command = "migrate";
    char* argv[] = {binary.data(), command.data(), nullptr};
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv, envp.data()), 0);
    posix_spawn_file_actions_destroy(&actions);
    children.push_back(pid);
  }
  int applied = 0;
  for (std::size_t i = 0; i < children.size(); ++i) {
    int status = 0;
    waitpid(children[i], &status, 0);
    std::ifstream in(out_dir / (std::to_string(i) + ".out"));
    std::stringstream output;
    output << in.rdbuf();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output.str();
    if (output.str().find("applied 0001_initial") != std::string::npos) ++applied;
  }
  std::filesystem::remove_all(out_dir);
  EXPECT_EQ(applied, 1);
  EXPECT_EQ(count("schema_migrations"), static_cast<std::int64_t>(db::embedded_migrations(GetParam()).size()));
  EXPECT_TRUE(database_->migrate().applied.empty());
}

TEST_P(DbTest, CheckReportsTheDatabase) {
  const auto check = database_->check();
  EXPECT_EQ(check.name, "database");
  EXPECT_TRUE(check.ok) << check.detail;
  EXPECT_EQ(check.detail, database_->describe());
  EXPECT_EQ(check.detail.find("password"), std::string::npos);
}

// ---- PostgreSQL going away and coming back ----

// A private server (scripts/test-postgres.sh with a folder of its own), so that stopping it does
// not disturb the tests running beside this one.
class DbPostgresRestart : public ::testing::Test {
 protected:
  void SetUp() override {
    if (postgres_url().empty()) {
      GTEST_SKIP() << "PostgreSQL tests need AUTHORWORKS_TEST_DATABASE_URL (scripts/test-postgres.sh start prints one)";
    }
    dir_ = (std::filesystem::temp_directory_path() / ("authorworks-restart-test-" + random_suffix())).string();
    url_ = script("start");
    ASSERT_TRUE(url_.starts_with("postgres://")) << url_;
  }
  void TearDown() override {
    if (!dir_.empty()) script("stop");
  }
  std::string script(const std::string& command) {
    return shell("AUTHORWORKS_TEST_POSTGRES_DIR='" + dir_ + "' '" AUTHORWORKS_SOURCE_DIR "/scripts/test-postgres.sh' " +
                 command);
  }

  std::string dir_;
  std::string url_;
};

TEST_F(DbPostgresRestart, QueriesFailPromptlyWhileDownAndRecover) {
  auto database = db::Database::open(url_, 4);
  database->execute("CREATE TABLE kept (x BIGINT)");
  database->execute("INSERT INTO kept (x) VALUES (?)", {7});
  {  // three idle connections in the pool
    auto a = database->acquire();
    auto b = database->acquire();
    auto c = database->acquire();
    for (auto* s : {a.get(), b.get(), c.get()}) s->query("SELECT 1");
  }

  // A restart while the connections are idle goes unnoticed: dead ones are replaced before use.
  script("restart");
  EXPECT_EQ(database->query("SELECT x FROM kept").first().integer("x"), 7);

  // Down: every query fails promptly with Error(unavailable), on stale connections and new ones.
  auto held = database->acquire();
  {
    auto other = database->acquire();
    other->query("SELECT 1");
  }
  held->query("SELECT 1");
  script("down");
  {  // a session taken before the outage and used during it
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(code_of([&] { held->query("SELECT x FROM kept"); }), ErrorCode::unavailable);
    EXPECT_EQ(code_of([&] { held->transaction([](db::Session& s) { s.query("SELECT 1"); }); }), ErrorCode::unavailable);
    EXPECT_LT(seconds_since(start), 5.0);
    held.reset();  // closed, not pooled
  }
  for (int i = 0; i < 4; ++i) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(code_of([&] { database->query("SELECT x FROM kept"); }), ErrorCode::unavailable);
    EXPECT_LT(seconds_since(start), 5.0);
    std::this_thread::sleep_for(300ms);
  }
  EXPECT_FALSE(database->check().ok);

  // Up again: the same Database reconnects by itself.
  script("up");
  const auto start = std::chrono::steady_clock::now();
  std::int64_t x = 0;
  while (seconds_since(start) < 15) {
    try {
      x = database->query("SELECT x FROM kept").first().integer("x");
      break;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::unavailable) << e.detail();
      std::this_thread::sleep_for(100ms);
    }
  }
  EXPECT_EQ(x, 7);
  EXPECT_LT(seconds_since(start), 3.0) << "recovery took long";
  EXPECT_TRUE(database->check().ok);
}
