#pragma once
// The connection pool and the part of a connection both backends share. Internal to src/db.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace authorworks::db::detail {

class Pool;

// A connection as the pool and the migration runner see it.
class PooledSession : public Session {
 public:
  void transaction(const std::function<void(Session&)>& work) final;

  // Several statements without parameters or results (migrations, BEGIN, PRAGMA, SET).
  virtual void run_script(std::string_view sql) = 0;
  // Called before the pool hands the connection out again: false when it has died meanwhile.
  virtual bool usable() noexcept { return !broken_; }
  // Called when the connection comes back: rolls back a transaction left open. False when the
  // connection cannot be reused.
  virtual bool reset() noexcept = 0;
  bool broken() const noexcept { return broken_; }

 protected:
  virtual void begin_transaction() = 0;
  bool broken_ = false;  // set when the connection to the server is lost

 private:
  friend class Pool;
  void release() noexcept final;
  void rollback_quietly(const std::string& statement) noexcept;

  std::shared_ptr<Pool> pool_;  // set while the session is lent out
  int depth_ = 0;               // nesting of transaction()
};

// A bounded set of connections, made on demand and kept for reuse (most recently used first).
class Pool : public std::enable_shared_from_this<Pool> {
 public:
  using Factory = std::function<std::unique_ptr<PooledSession>()>;

  Pool(std::size_t max_size, Factory connect);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  SessionPtr acquire(std::chrono::milliseconds wait);
  void give_back(std::unique_ptr<PooledSession> session) noexcept;

  std::size_t max_size() const noexcept { return max_size_; }
  // Why the last connection attempt failed, when it did (for /ready).
  std::string last_failure() const;

 private:
  SessionPtr lend(std::unique_ptr<PooledSession> session);

  const std::size_t max_size_;
  const Factory connect_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PooledSession>> idle_;
  std::size_t open_ = 0;  // idle + lent out + being connected
  std::chrono::steady_clock::time_point fail_fast_until_{};
  std::string last_failure_;
};

// Backends report a failed connection attempt with this, so the pool can tell it from other errors.
class ConnectFailed : public Error {
 public:
  ConnectFailed(std::string reason);
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string reason_;
};

// The one Database implementation: a pool of backend sessions.
class PooledDatabase final : public Database {
 public:
  PooledDatabase(Backend backend, std::string description, std::size_t pool_size, Pool::Factory connect);

  Backend backend() const noexcept override { return backend_; }
  std::string describe() const override { return description_; }
  SessionPtr acquire(std::chrono::milliseconds wait) override { return pool_->acquire(wait); }
  MigrationReport apply_migrations(const std::vector<Migration>& migrations) override;
  ReadinessCheck check() override;

 private:
  Backend backend_;
  std::string description_;
  std::shared_ptr<Pool> pool_;
};

// For the statement caches: lookups by string_view without making a std::string.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Text parameters may hold any UTF-8 but NUL, which PostgreSQL cannot store; both backends refuse it.
void require_no_nul(const std::string& text);

std::shared_ptr<Database> open_sqlite(const std::string& path, std::size_t pool_size);
std::shared_ptr<Database> open_postgres(const std::string& url, std::size_t pool_size);

// Shared by the backends' error mapping.
Error unique_violation(const std::vector<std::string>& columns, std::string_view constraint);
Error foreign_key_violation();
// Logs the statement and the database's message; the returned error carries neither.
Error statement_failed(std::string_view sql, std::string_view message, std::string_view code);

}  // namespace authorworks::db::detail
