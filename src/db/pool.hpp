#pragma once
// The connection pool and the part of a connection both backends share. Internal to src/db.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace authorworks::runtime {
class Reactor;
}

namespace authorworks::db::detail {

class Pool;

// Error(unavailable, Retry-After: 2) for a statement that cannot reach the database: no connection
// can be made, or the one it had was lost.
Error database_unreachable();

// Statements of one I/O thread sharing one connection (Database::query_pipelined): they are
// answered in the order they were sent. It holds the connection while statements are in flight and
// gives it back to the pool when the last one is answered, or closes it when the connection is lost
// (every statement in flight then fails with Error(unavailable)).
class StatementPipeline {
 public:
  virtual ~StatementPipeline() = default;
  // Queues one statement; `done` is called on the pipeline's reactor thread, never before this
  // returns. False, with nothing taken from the arguments, when the pipeline takes no more
  // statements (its connection is lost or given back, or it is full): the caller then starts
  // another.
  virtual bool submit(std::string& sql, std::vector<Value>& params, AsyncQueryDone& done) = 0;
};

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

  // The serial of the reactor that watches this connection's socket between statements, 0 for
  // none: acquire_without_blocking prefers a connection its own reactor already watches.
  virtual std::uint64_t watched_by() const noexcept { return 0; }

  // Database::query_async on this connection: sends `sql` without blocking, waits for the answer
  // on `reactor`, and calls `done` on the reactor's thread, never before this returns. `self` is
  // this session's own handle: the session goes back to the pool when the statement has ended,
  // before `done` runs. Only backends with a non-blocking client implement it (PooledDatabase is
  // told which); the others throw std::logic_error.
  virtual void query_async(SessionPtr self, runtime::Reactor& reactor, std::string sql, std::vector<Value> params,
                           AsyncQueryDone done);
  // Puts this connection (`self`) in pipeline mode for `reactor`'s statements; nullptr when the
  // backend cannot, `self` then untouched.
  virtual std::shared_ptr<StatementPipeline> start_pipeline(SessionPtr& self, runtime::Reactor& reactor);

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

  // acquire() for an I/O thread, which must not block: an idle connection now (`lent`), or a place
  // in a queue when the pool is at its size (`queued`): `deliver` is then called on `reactor`'s
  // thread with a connection as one comes back, or with Error(unavailable) after `wait`. `declined`
  // when the pool may still open a connection: connecting blocks, so only acquire() may do it.
  enum class Acquired { lent, queued, declined };
  using Delivery = std::function<void(SessionPtr, std::exception_ptr)>;
  Acquired acquire_without_blocking(runtime::Reactor& reactor, std::chrono::milliseconds wait, Delivery deliver,
                                    SessionPtr& lent);

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
  // Callers of acquire_without_blocking waiting for a connection, first come first served. A
  // returned connection goes to them unless a blocking acquire() waits too (it would otherwise
  // starve behind a steady stream of them).
  struct AsyncWaiter {
    runtime::Reactor* reactor = nullptr;
    Delivery deliver;
    bool served = false;  // given a connection, or timed out; guarded by mutex_
  };
  std::deque<std::shared_ptr<AsyncWaiter>> async_waiters_;
  std::size_t blocking_waiters_ = 0;
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
  // `non_blocking_client`: the backend's sessions implement PooledSession::query_async.
  PooledDatabase(Backend backend, std::string description, std::size_t pool_size, Pool::Factory connect,
                 bool non_blocking_client);

  Backend backend() const noexcept override { return backend_; }
  std::string describe() const override { return description_; }
  SessionPtr acquire(std::chrono::milliseconds wait) override { return pool_->acquire(wait); }
  MigrationReport apply_migrations(const std::vector<Migration>& migrations) override;
  ReadinessCheck check() override;
  bool query_async(std::string sql, std::vector<Value> params, AsyncQueryDone done,
                   std::chrono::milliseconds wait) override;
  bool query_pipelined(std::string sql, std::vector<Value> params, AsyncQueryDone done,
                       std::chrono::milliseconds wait) override;

 private:
  bool start_async(std::string sql, std::vector<Value> params, AsyncQueryDone done, std::chrono::milliseconds wait,
                   bool pipelined);

  const std::uint64_t serial_;  // names this database in the I/O threads' pipeline slots
  Backend backend_;
  bool non_blocking_client_;
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
