// The SQLite backend: one sqlite3 handle per pooled connection (WAL, so readers do not block the
// one writer), statements prepared once per connection and kept.
#include <sqlite3.h>

#include <filesystem>
#include <unordered_map>

#include "core/log.hpp"
#include "db/pool.hpp"
#include "db/sql_text.hpp"

namespace authorworks::db::detail {
namespace {

// How long a writer waits for another one before SQLITE_BUSY becomes Error(unavailable).
constexpr int kBusyTimeoutMs = 5000;
constexpr std::size_t kMaxCachedStatements = 512;

[[noreturn]] void throw_sqlite(int rc, sqlite3* db, std::string_view sql) {
  const std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: throw unique_violation(sqlite_unique_columns(message), message);
    case SQLITE_CONSTRAINT_FOREIGNKEY: throw foreign_key_violation();
    default: break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      log::warn("the SQLite database stayed locked by another writer", {{"error", message}});
      throw Error(ErrorCode::unavailable, "the database is busy; try again shortly").with_retry_after(1);
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      log::error("the SQLite database cannot be read or written", {{"error", message}, {"code", rc}});
      throw Error(ErrorCode::unavailable, "the database cannot be written; try again later").with_retry_after(30);
    default: break;
  }
  throw statement_failed(sql, message, std::to_string(rc));
}

// Columns declared BOOLEAN hold 0/1; they are returned as bool, as PostgreSQL returns them.
bool is_boolean_type(const char* declared) {
  return declared != nullptr && (sqlite3_stricmp(declared, "BOOLEAN") == 0 || sqlite3_stricmp(declared, "BOOL") == 0);
}

class SqliteSession final : public PooledSession {
 public:
  explicit SqliteSession(sqlite3* db) : db_(db) {}
  ~SqliteSession() override {
    clear_statements();
    sqlite3_close_v2(db_);
  }
  SqliteSession(const SqliteSession&) = delete;
  SqliteSession& operator=(const SqliteSession&) = delete;

  Backend backend() const noexcept override { return Backend::sqlite; }

  Result query(std::string_view sql, const std::vector<Value>& params) override {
    sqlite3_stmt* stmt = prepare(sql);
    struct ResetOnExit {
      sqlite3_stmt* stmt;
      ~ResetOnExit() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
      }
    } reset_on_exit{stmt};

    const auto expected = static_cast<std::size_t>(sqlite3_bind_parameter_count(stmt));
    if (expected != params.size()) {
      throw statement_failed(sql,
                             "the statement has " + std::to_string(expected) + " placeholders, given " +
                                 std::to_string(params.size()) + " parameters",
                             "params");
    }
    for (std::size_t i = 0; i < params.size(); ++i) bind(stmt, static_cast<int>(i + 1), params[i], sql);

    const int count = sqlite3_column_count(stmt);
    auto names = std::make_shared<std::vector<std::string>>();
    std::vector<bool> boolean(static_cast<std::size_t>(count));
    names->reserve(static_cast<std::size_t>(count));
    for (int c = 0; c < count; ++c) {
      names->emplace_back(sqlite3_column_name(stmt, c));
      boolean[static_cast<std::size_t>(c)] = is_boolean_type(sqlite3_column_decltype(stmt, c));
    }

    Result result;
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw_sqlite(rc, db_, sql);
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(count));
      for (int c = 0; c < count; ++c) values.push_back(column(stmt, c, boolean[static_cast<std::size_t>(c)]));
      result.rows.emplace_back(names, std::move(values));
    }
    result.affected = sqlite3_stmt_readonly(stmt) != 0 ? 0 : sqlite3_changes64(db_);
    result.columns = *names;
    return result;
  }

  void run_script(std::string_view sql) override {
    const std::string text(sql);
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    sqlite3_free(error);
    if (rc != SQLITE_OK) throw_sqlite(rc, db_, sql);
  }

  bool reset() noexcept override {
    if (sqlite3_get_autocommit(db_) != 0) return true;
    try {
      run_script("ROLLBACK");
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }

 protected:
  void begin_transaction() override { run_script("BEGIN IMMEDIATE"); }

 private:
  sqlite3_stmt* prepare(std::string_view sql) {
    if (const auto it = statements_.find(sql); it != statements_.end()) return it->second;
    if (statements_.size() >= kMaxCachedStatements) clear_statements();
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
    if (rc != SQLITE_OK) throw_sqlite(rc, db_, sql);
    if (stmt == nullptr) throw statement_failed(sql, "the statement is empty", "empty");
    for (const char* p = tail; p != nullptr && p < sql.data() + sql.size(); ++p) {
      if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
        sqlite3_finalize(stmt);
        throw statement_failed(sql, "query() runs one statement at a time", "multiple");
      }
    }
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

  void bind(sqlite3_stmt* stmt, int index, const Value& value, std::string_view sql) {
    int rc = SQLITE_OK;
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
      rc = sqlite3_bind_int64(stmt, index, *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(stmt, index, *d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      require_no_nul(*s);
      rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (const auto* b = std::get_if<bool>(&value)) {
      rc = sqlite3_bind_int(stmt, index, *b ? 1 : 0);
    } else {
      rc = sqlite3_bind_null(stmt, index);
    }
    if (rc != SQLITE_OK) throw_sqlite(rc, db_, sql);
  }

  static Value column(sqlite3_stmt* stmt, int c, bool boolean) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER: {
        const auto i = sqlite3_column_int64(stmt, c);
        if (boolean) return Value(i != 0);
        return Value(i);
      }
      case SQLITE_FLOAT: return Value(sqlite3_column_double(stmt, c));
      case SQLITE_NULL: return Value(nullptr);
      default: {  // TEXT and BLOB
        const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, c));
        return Value(std::string(data == nullptr ? "" : data, data == nullptr ? 0 : size));
      }
    }
  }

  void clear_statements() noexcept {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    statements_.clear();
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> statements_;
};

std::unique_ptr<PooledSession> connect(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string reason = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    log::error("cannot open the SQLite database", {{"path", path}, {"error", reason}});
    throw ConnectFailed(reason);
  }
  auto session = std::make_unique<SqliteSession>(db);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  try {
    const auto mode = session->query("PRAGMA journal_mode = WAL", {});
    if (mode.empty() || mode.rows[0].at(0) != Value("wal")) {
      log::warn("SQLite could not switch to write-ahead logging; readers will wait for writers", {{"path", path}});
    }
    session->run_script("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
  } catch (const Error& e) {
    throw ConnectFailed(e.detail());
  }
  return session;
}

}  // namespace

std::shared_ptr<Database> open_sqlite(const std::string& path, std::size_t pool_size) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
    throw std::invalid_argument(
        "sqlite:// needs a file path, like sqlite://./data/authorworks.db or sqlite:///srv/a.db");
  }
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(path, ec);
  if (absolute.has_parent_path()) {
    std::filesystem::create_directories(absolute.parent_path(), ec);
    if (ec) {
      throw Error(ErrorCode::unavailable,
                  "cannot create the folder of the SQLite database '" + path + "': " + ec.message());
    }
  }
  auto database = std::make_shared<PooledDatabase>(
      Backend::sqlite, "sqlite " + absolute.string(), pool_size, [path] { return connect(path); }, false);
  // One connection now, so that a file that cannot be opened stops the start with its reason.
  try {
    database->acquire(std::chrono::milliseconds(0));
  } catch (const ConnectFailed& e) {
    throw Error(ErrorCode::unavailable, "cannot open the SQLite database '" + path + "': " + e.reason());
  }
  return database;
}

}  // namespace authorworks::db::detail
