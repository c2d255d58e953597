#pragma once
// One interface over SQLite (the embedded default) and PostgreSQL (DATABASE_URL=postgres://...).
// SQL is written once with `?` placeholders; the PostgreSQL backend rewrites them to $1, $2, ...
// Every statement is prepared and parameterized, and cached per connection. Connections come from
// a bounded pool; when the database cannot be reached, acquire() throws Error(unavailable) promptly
// (it never hangs a request), and the pool reconnects by itself once the server is back.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "modules/module.hpp"

namespace authorworks::db {

enum class Backend { sqlite, postgres };

// A bound parameter or a column value. Timestamps travel as ISO-8601 UTC text
// ("2026-11-28T21:55:52.123Z"); booleans as bool (stored 0/1 in SQLite).
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, bool>;

class Row {
 public:
  Row(const std::vector<std::string>* columns, std::vector<Value> values)
      : columns_(columns), values_(std::move(values)) {}
  const Value& at(std::size_t index) const { return values_.at(index); }
  const Value& at(std::string_view column) const;
  bool is_null(std::string_view column) const { return std::holds_alternative<std::nullptr_t>(at(column)); }
  std::string text(std::string_view column) const;  // throws when NULL
  std::optional<std::string> optional_text(std::string_view column) const;
  std::int64_t integer(std::string_view column) const;  // throws when NULL
  std::optional<std::int64_t> optional_integer(std::string_view column) const;
  double real(std::string_view column) const;
  bool boolean(std::string_view column) const;

 private:
  const std::vector<std::string>* columns_;
  std::vector<Value> values_;
};

struct Result {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE

  bool empty() const noexcept { return rows.empty(); }
  const Row& first() const;  // throws Error(not_found) when empty
};

// One pooled connection. Not thread-safe; returned to the pool when the Session is destroyed.
class Session {
 public:
  virtual ~Session() = default;
  virtual Backend backend() const noexcept = 0;
  virtual Result query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  std::int64_t execute(std::string_view sql, const std::vector<Value>& params = {}) {
    return query(sql, params).affected;
  }
  // Runs `work` in a transaction: commits when it returns, rolls back when it throws (and rethrows).
  // Unique-constraint violations surface as Error(conflict), connection loss as Error(unavailable).
  virtual void transaction(const std::function<void(Session&)>& work) = 0;
};

class Database {
 public:
  virtual ~Database() = default;
  // `url` is sqlite://PATH or postgres://user:pass@host:port/db; `pool_size` connections at most.
  static std::shared_ptr<Database> open(const std::string& url, std::size_t pool_size);

  virtual Backend backend() const noexcept = 0;
  // A connection from the pool; waits at most `wait` for a free one. Throws Error(unavailable).
  virtual std::unique_ptr<Session, std::function<void(Session*)>> acquire(
      std::chrono::milliseconds wait = std::chrono::milliseconds(2000)) = 0;
  // Applies pending migrations under a lock that several starting processes can share safely.
  virtual void migrate() = 0;
  // For /ready: can a trivial query run now?
  virtual ReadinessCheck check() = 0;
};

}  // namespace authorworks::db
