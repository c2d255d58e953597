#pragma once
// One interface over SQLite (the embedded default) and PostgreSQL (DATABASE_URL=postgres://...).
// SQL is written once with `?` placeholders; the PostgreSQL backend rewrites them to $1, $2, ...
// Every statement is prepared and parameterized, and cached per connection. Connections come from
// a bounded pool; when the database cannot be reached, acquire() and query() throw
// Error(unavailable) promptly (they never hang a request), and the pool reconnects by itself once
// the server is back.
//
// Conventions shared by both backends (see src/db/migrations/README.md for the schema side):
// - ids are random UUID v4 text made by the application (db::new_id() in db/ids.hpp);
// - timestamps are UTC instants; they are bound and returned as ISO-8601 text with milliseconds
//   and a trailing Z ("2026-11-28T21:55:52.123Z", db::to_timestamp() in db/timestamps.hpp).
//   Bind them in exactly that form: SQLite keeps them as text and compares them as text;
// - booleans are bool both ways (SQLite stores 0/1 in BOOLEAN columns and returns them as bool);
// - JSON is text both ways.
// Errors: a unique violation is Error(conflict) naming the columns; a foreign-key violation is
// Error(conflict) too (the referenced record is gone, or it is still referred to: the state of the
// data conflicts with the request); a lost connection, an exhausted pool, a busy SQLite file or a
// statement timeout is Error(unavailable) with Retry-After; every other SQL error is logged with
// its statement and surfaces as Error(internal) without the SQL text.
#include <chrono>
#include <concepts>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "modules/module.hpp"

namespace authorworks::db {

enum class Backend { sqlite, postgres };
std::string_view to_string(Backend backend) noexcept;

// A bound parameter or a column value: NULL, integer, real, text or boolean. It converts from the
// usual C++ types, and from std::optional (empty: NULL).
class Value : public std::variant<std::nullptr_t, std::int64_t, double, std::string, bool> {
 public:
  using Base = std::variant<std::nullptr_t, std::int64_t, double, std::string, bool>;

  Value() noexcept : Base(nullptr) {}
  Value(std::nullptr_t) noexcept : Base(nullptr) {}
  Value(bool b) noexcept : Base(b) {}
  template <std::integral Int>
  requires(!std::same_as<Int, bool>) Value(Int i) : Base(checked(i)) {}
  Value(double d) noexcept : Base(d) {}
  Value(std::string s) noexcept : Base(std::move(s)) {}
  Value(std::string_view s) : Base(std::string(s)) {}
  Value(const char* s) : Base(s == nullptr ? Base(nullptr) : Base(std::string(s))) {}
  template <class T>
  Value(const std::optional<T>& o) : Value(o ? Value(*o) : Value(nullptr)) {}

  bool is_null() const noexcept { return std::holds_alternative<std::nullptr_t>(*this); }

 private:
  template <class Int>
  static std::int64_t checked(Int i) {
    if constexpr (std::is_unsigned_v<Int> && sizeof(Int) >= sizeof(std::int64_t)) {
      if (i > static_cast<Int>(INT64_MAX)) throw_out_of_range();
    }
    return static_cast<std::int64_t>(i);
  }
  [[noreturn]] static void throw_out_of_range();
};

// One result row. Accessors by column name throw Error(internal) for an unknown column or a value
// of another type (a bug in the caller's SQL), and the non-optional ones for NULL.
class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  std::size_t size() const noexcept { return values_.size(); }
  const std::vector<std::string>& columns() const noexcept { return *columns_; }
  const Value& at(std::size_t index) const { return values_.at(index); }
  const Value& at(std::string_view column) const;
  bool is_null(std::string_view column) const { return at(column).is_null(); }

  std::string text(std::string_view column) const;
  std::optional<std::string> optional_text(std::string_view column) const;
  // Integers; also a boolean (0/1) or a real with no fractional part (PostgreSQL's SUM of BIGINT).
  std::int64_t integer(std::string_view column) const;
  std::optional<std::int64_t> optional_integer(std::string_view column) const;
  // Reals; also an integer.
  double real(std::string_view column) const;
  std::optional<double> optional_real(std::string_view column) const;
  // Booleans; also an integer (non-zero is true), as SQLite computes them in expressions.
  bool boolean(std::string_view column) const;
  std::optional<bool> optional_boolean(std::string_view column) const;

 private:
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> values_;
};

struct Result {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE; 0 for a SELECT

  bool empty() const noexcept { return rows.empty(); }
  const Row& first() const;  // throws Error(not_found) when empty
};

// What a statement run by Database::query_async produced: its result, or what query() would have
// thrown.
struct AsyncResult {
  std::optional<Result> result;
  std::exception_ptr error;

  // The result; rethrows the error.
  Result& get();
};
using AsyncQueryDone = std::function<void(AsyncResult)>;

// One pooled connection. Not thread-safe; it goes back to the pool when its SessionPtr is destroyed.
class Session {
 public:
  virtual ~Session() = default;
  virtual Backend backend() const noexcept = 0;
  // One statement with `?` placeholders, one parameter for each.
  virtual Result query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  std::int64_t execute(std::string_view sql, const std::vector<Value>& params = {}) {
    return query(sql, params).affected;
  }
  // Runs `work` in a transaction: commits when it returns, rolls back when it throws (and
  // rethrows). Nested calls become savepoints. On SQLite the transaction takes the write lock at
  // once (BEGIN IMMEDIATE), so that concurrent writers wait for each other (up to the busy
  // timeout, 5 s) instead of failing halfway.
  virtual void transaction(const std::function<void(Session&)>& work) = 0;

 private:
  friend struct SessionReturner;
  virtual void release() noexcept = 0;  // back to the pool, or closed when it is broken
};

struct SessionReturner {
  void operator()(Session* session) const noexcept {
    if (session != nullptr) session->release();
  }
};
using SessionPtr = std::unique_ptr<Session, SessionReturner>;

// A schema migration: src/db/migrations/NNNN_name.sql, with dialect tokens (see the README there).
struct Migration {
  int version = 0;
  std::string name;
  std::string sql;

  std::string label() const;  // "0001_initial"
};

struct MigrationReport {
  std::vector<std::string> applied;  // labels of the migrations this run applied, in order
  int schema_version = 0;            // the highest version applied, after the run
};

class Database {
 public:
  virtual ~Database() = default;
  // `url` is sqlite://PATH (the parent folder is created) or
  // postgres://user:password@host:port/db?sslmode=...; at most `pool_size` connections.
  // Throws std::invalid_argument for a malformed URL, Error(unavailable) when a SQLite file cannot
  // be opened. A PostgreSQL server is first contacted by the first acquire().
  static std::shared_ptr<Database> open(const std::string& url, std::size_t pool_size);

  virtual Backend backend() const noexcept = 0;
  // What the database is, for logs and /ready, without the password: "sqlite /data/x.db",
  // "postgresql authorworks@db:5432/authorworks".
  virtual std::string describe() const = 0;

  // A connection from the pool; waits at most `wait` for a free one. Throws Error(unavailable)
  // when none frees up in time or the server cannot be reached (a connection attempt gives up
  // after 3 s; for 1 s after a failed attempt, new attempts fail at once).
  virtual SessionPtr acquire(std::chrono::milliseconds wait = std::chrono::milliseconds(2000)) = 0;

  // Applies the migrations built into the binary that are not applied yet, under a lock that
  // several starting processes share safely (pg_advisory_lock; BEGIN IMMEDIATE on SQLite). Throws
  // Error(internal) when an applied migration's file has changed since.
  MigrationReport migrate();
  virtual MigrationReport apply_migrations(const std::vector<Migration>& migrations) = 0;

  // One statement without blocking the calling thread, for handlers that run on an I/O thread
  // (runtime::Reactor::current()): the query is sent on an idle pooled connection with a
  // non-blocking client (PostgreSQL), the I/O thread waits for the answer among its sockets, and
  // `done` is called on it with the result, never before this returns. When every connection is
  // lent out and the pool is at its size, it waits for one like acquire() (at most `wait`, then
  // `done` gets Error(unavailable)). Returns false, and never calls `done`, when it cannot go
  // without blocking: not on an I/O thread, SQLite, or no idle connection while the pool may still
  // open one (connecting blocks). The caller then runs the statement the blocking way on the
  // worker pool.
  virtual bool query_async(std::string sql, std::vector<Value> params, AsyncQueryDone done,
                           std::chrono::milliseconds wait = std::chrono::milliseconds(2000)) = 0;

  // query_async for one read-only statement that may share a connection with the others of the
  // same I/O thread: on PostgreSQL they go through one connection in libpq's pipeline mode, so that
  // the statements that arrive together leave in one write and the server answers them in one
  // wake-up. The same contract as query_async (and its fallbacks); only for a single SELECT without
  // side effects, never for a statement that must run in a transaction or see one's writes.
  virtual bool query_pipelined(std::string sql, std::vector<Value> params, AsyncQueryDone done,
                               std::chrono::milliseconds wait = std::chrono::milliseconds(2000)) = 0;

  // For /ready: can a trivial query run now?
  virtual ReadinessCheck check() = 0;

  // One statement or one transaction on a connection of its own.
  Result query(std::string_view sql, const std::vector<Value>& params = {}) { return acquire()->query(sql, params); }
  std::int64_t execute(std::string_view sql, const std::vector<Value>& params = {}) {
    return acquire()->execute(sql, params);
  }
  void transaction(const std::function<void(Session&)>& work) { acquire()->transaction(work); }
};

}  // namespace authorworks::db
