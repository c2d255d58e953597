#include "db/pool.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>

#include "core/log.hpp"
#include "db/migrations.hpp"
#include "runtime/reactor.hpp"

namespace authorworks::db::detail {
namespace {

// After a failed connection attempt, further attempts fail at once for this long, so that an
// outage where the server does not even refuse (a black-holed host) costs one 3 s wait a second,
// not one per request.
constexpr auto kFailFastWindow = std::chrono::seconds(1);

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::atomic<std::uint64_t> database_serials{0};

// The pipeline an I/O thread runs for a database (Database::query_pipelined). Keyed by the
// database's and the reactor's serials, which are never reused (addresses may be); only the thread
// itself touches its slots, so they need no lock.
struct PipelineSlot {
  std::uint64_t database = 0;
  std::uint64_t reactor = 0;
  std::weak_ptr<StatementPipeline> pipeline;
};
thread_local std::vector<PipelineSlot> pipeline_slots;

std::weak_ptr<StatementPipeline>& pipeline_slot(std::uint64_t database, std::uint64_t reactor) {
  for (auto& slot : pipeline_slots) {
    if (slot.database == database && slot.reactor == reactor) return slot.pipeline;
  }
  std::erase_if(pipeline_slots, [](const PipelineSlot& slot) { return slot.pipeline.expired(); });
  return pipeline_slots.emplace_back(PipelineSlot{database, reactor, {}}).pipeline;
}

}  // namespace

Error database_unreachable() {
  return Error(ErrorCode::unavailable, "the database is unreachable; try again shortly").with_retry_after(2);
}

namespace {

Error all_connections_busy(std::size_t max_size) {
  return Error(ErrorCode::unavailable,
               "all " + std::to_string(max_size) + " database connections are busy; try again shortly")
      .with_retry_after(1);
}

}  // namespace

// ---- PooledSession ----

void PooledSession::release() noexcept {
  auto pool = std::move(pool_);
  std::unique_ptr<PooledSession> self(this);
  if (pool) pool->give_back(std::move(self));
}

void PooledSession::rollback_quietly(const std::string& statement) noexcept {
  if (broken_) return;
  try {
    run_script(statement);
  } catch (const std::exception& e) {
    log::warn("a database rollback failed; the connection is closed", {{"error", e.what()}});
    broken_ = true;
  }
}

void PooledSession::transaction(const std::function<void(Session&)>& work) {
  const bool outer = depth_ == 0;
  const std::string savepoint = "aw_savepoint_" + std::to_string(depth_);
  if (outer) {
    begin_transaction();
  } else {
    run_script("SAVEPOINT " + savepoint);
  }
  ++depth_;
  try {
    work(*this);
  } catch (...) {
    --depth_;
    rollback_quietly(outer ? std::string("ROLLBACK")
                           : "ROLLBACK TO SAVEPOINT " + savepoint + "; RELEASE SAVEPOINT " + savepoint);
    throw;
  }
  --depth_;
  try {
    run_script(outer ? std::string("COMMIT") : "RELEASE SAVEPOINT " + savepoint);
  } catch (...) {
    // PostgreSQL ends a transaction whose COMMIT failed; SQLite may keep it open.
    if (outer) rollback_quietly("ROLLBACK");
    throw;
  }
}

void PooledSession::query_async(SessionPtr, runtime::Reactor&, std::string, std::vector<Value>, AsyncQueryDone) {
  throw std::logic_error("this database backend has no non-blocking client");
}

std::shared_ptr<StatementPipeline> PooledSession::start_pipeline(SessionPtr&, runtime::Reactor&) { return nullptr; }

// ---- Pool ----

Pool::Pool(std::size_t max_size, Factory connect) : max_size_(max_size), connect_(std::move(connect)) {}

Pool::~Pool() = default;

SessionPtr Pool::lend(std::unique_ptr<PooledSession> session) {
  session->pool_ = shared_from_this();
  return SessionPtr(session.release());
}

SessionPtr Pool::acquire(std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  std::unique_lock lock(mutex_);
  for (;;) {
    while (!idle_.empty()) {
      auto session = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      if (session->usable()) return lend(std::move(session));
      session.reset();  // died while idle (the server restarted): replace it
      lock.lock();
      --open_;
    }
    if (open_ < max_size_) {
      if (std::chrono::steady_clock::now() < fail_fast_until_) {
        throw database_unreachable();
      }
      ++open_;
      lock.unlock();
      try {
        auto session = connect_();
        {
          std::lock_guard relock(mutex_);
          fail_fast_until_ = {};
          last_failure_.clear();
        }
        return lend(std::move(session));
      } catch (const ConnectFailed& e) {
        lock.lock();
        --open_;
        fail_fast_until_ = std::chrono::steady_clock::now() + kFailFastWindow;
        last_failure_ = e.reason();
        returned_.notify_one();
        throw;
      } catch (...) {
        lock.lock();
        --open_;
        returned_.notify_one();
        throw;
      }
    }
    ++blocking_waiters_;
    const auto waited = returned_.wait_until(lock, deadline);
    --blocking_waiters_;
    if (waited == std::cv_status::timeout && idle_.empty() && open_ >= max_size_) {
      throw all_connections_busy(max_size_);
    }
  }
}

void Pool::give_back(std::unique_ptr<PooledSession> session) noexcept {
  const bool keep = !session->broken() && session->reset();
  if (!keep) session.reset();  // closes it, outside the lock
  std::shared_ptr<AsyncWaiter> waiter;
  {
    std::lock_guard lock(mutex_);
    if (!keep) {
      --open_;
    } else if (!async_waiters_.empty() && blocking_waiters_ == 0) {
      waiter = std::move(async_waiters_.front());
      async_waiters_.pop_front();
      waiter->served = true;
    } else {
      idle_.push_back(std::move(session));
    }
    if (!waiter) returned_.notify_one();
  }
  if (!waiter) return;
  try {
    auto lent = std::make_shared<SessionPtr>(lend(std::move(session)));
    waiter->reactor->post([waiter, lent] { waiter->deliver(std::move(*lent), nullptr); });
  } catch (const std::exception& e) {
    // Out of memory: the connection went back with `lent`'s destruction; the waiter times out.
    log::error("could not hand a database connection over", {{"error", e.what()}});
  }
}

Pool::Acquired Pool::acquire_without_blocking(runtime::Reactor& reactor, std::chrono::milliseconds wait,
                                              Delivery deliver, SessionPtr& lent) {
  std::unique_lock lock(mutex_);
  while (!idle_.empty()) {
    // The most recently used connection this reactor already watches, else the most recent.
    auto chosen =
        std::find_if(idle_.rbegin(), idle_.rend(), [&](const auto& s) { return s->watched_by() == reactor.serial(); });
    if (chosen == idle_.rend()) chosen = idle_.rbegin();
    auto session = std::move(*chosen);
    idle_.erase(std::next(chosen).base());
    lock.unlock();
    if (session->usable()) {
      lent = lend(std::move(session));
      return Acquired::lent;
    }
    session.reset();  // died while idle: the blocking path opens its replacement
    lock.lock();
    --open_;
  }
  if (open_ < max_size_) return Acquired::declined;
  auto waiter = std::make_shared<AsyncWaiter>();
  waiter->reactor = &reactor;
  waiter->deliver = std::move(deliver);
  async_waiters_.push_back(waiter);
  lock.unlock();

  // Gives up after `wait`. Should the reactor be destroyed first (the server stopped with this
  // request still waiting), the closure is destroyed unrun: the waiter then leaves the queue, so
  // that no connection is ever handed to a reactor that is gone.
  struct Expiry {
    std::weak_ptr<Pool> pool;
    std::shared_ptr<AsyncWaiter> waiter;
    bool ran = false;
    ~Expiry() {
      if (!ran) withdraw();
    }
    bool withdraw() {
      auto p = pool.lock();
      if (!p || !waiter) return false;
      std::lock_guard guard(p->mutex_);
      if (waiter->served) return false;
      waiter->served = true;
      std::erase(p->async_waiters_, waiter);
      return true;
    }
  };
  auto expiry = std::make_shared<Expiry>();  // in place: a moved-from copy would withdraw it
  expiry->pool = weak_from_this();
  expiry->waiter = waiter;
  reactor.post_after(wait, [expiry, max_size = max_size_] {
    expiry->ran = true;
    if (expiry->withdraw()) expiry->waiter->deliver(nullptr, std::make_exception_ptr(all_connections_busy(max_size)));
  });
  return Acquired::queued;
}

std::string Pool::last_failure() const {
  std::lock_guard lock(mutex_);
  return last_failure_;
}

ConnectFailed::ConnectFailed(std::string reason) : Error(database_unreachable()), reason_(std::move(reason)) {}

// ---- PooledDatabase ----

PooledDatabase::PooledDatabase(Backend backend, std::string description, std::size_t pool_size, Pool::Factory connect,
                               bool non_blocking_client)
    : serial_(++database_serials),
      backend_(backend),
      non_blocking_client_(non_blocking_client),
      description_(std::move(description)),
      pool_(std::make_shared<Pool>(pool_size, std::move(connect))) {}

MigrationReport PooledDatabase::apply_migrations(const std::vector<Migration>& migrations) {
  auto session = pool_->acquire(std::chrono::seconds(30));
  return run_migrations(static_cast<PooledSession&>(*session), backend_, migrations);
}

bool PooledDatabase::query_async(std::string sql, std::vector<Value> params, AsyncQueryDone done,
                                 std::chrono::milliseconds wait) {
  return start_async(std::move(sql), std::move(params), std::move(done), wait, false);
}

bool PooledDatabase::query_pipelined(std::string sql, std::vector<Value> params, AsyncQueryDone done,
                                     std::chrono::milliseconds wait) {
  return start_async(std::move(sql), std::move(params), std::move(done), wait, true);
}

bool PooledDatabase::start_async(std::string sql, std::vector<Value> params, AsyncQueryDone done,
                                 std::chrono::milliseconds wait, bool pipelined) {
  auto* reactor = runtime::Reactor::current();
  if (reactor == nullptr || !non_blocking_client_) return false;
  if (pipelined) {
    if (auto pipeline = pipeline_slot(serial_, reactor->serial()).lock();
        pipeline && pipeline->submit(sql, params, done)) {
      return true;
    }
  }
  struct Statement {
    std::string sql;
    std::vector<Value> params;
    AsyncQueryDone done;
  };
  auto statement = std::make_shared<Statement>(Statement{std::move(sql), std::move(params), std::move(done)});
  SessionPtr lent;
  // A statement that waits for a connection runs on its own when one comes back: the pipeline
  // starts from an idle connection only.
  const auto acquired = pool_->acquire_without_blocking(
      *reactor, wait,
      [reactor, statement](SessionPtr session, std::exception_ptr error) {
        if (!session) {
          statement->done(AsyncResult{std::nullopt, error});
          return;
        }
        auto& pooled = static_cast<PooledSession&>(*session);
        pooled.query_async(std::move(session), *reactor, std::move(statement->sql), std::move(statement->params),
                           std::move(statement->done));
      },
      lent);
  if (acquired == Pool::Acquired::declined) return false;
  if (acquired != Pool::Acquired::lent) return true;
  auto& pooled = static_cast<PooledSession&>(*lent);
  if (pipelined) {
    if (auto pipeline = pooled.start_pipeline(lent, *reactor)) {
      pipeline_slot(serial_, reactor->serial()) = pipeline;
      if (pipeline->submit(statement->sql, statement->params, statement->done)) return true;
      // A new pipeline takes its first statement; should it not, the statement fails rather than
      // being lost.
      reactor->post([statement] {
        statement->done(AsyncResult{std::nullopt, std::make_exception_ptr(database_unreachable())});
      });
      return true;
    }
  }
  pooled.query_async(std::move(lent), *reactor, std::move(statement->sql), std::move(statement->params),
                     std::move(statement->done));
  return true;
}

ReadinessCheck PooledDatabase::check() {
  try {
    auto session = pool_->acquire(std::chrono::seconds(1));
    session->query("SELECT 1");
    return {"database", true, description_};
  } catch (const Error& e) {
    const auto reason = pool_->last_failure();
    return {"database", false, description_ + ": " + e.detail() + (reason.empty() ? "" : " (" + reason + ")")};
  }
}

// ---- error mapping shared by the backends ----

Error unique_violation(const std::vector<std::string>& columns, std::string_view constraint) {
  if (columns.empty()) {
    return Error(ErrorCode::conflict, "a record with the same key already exists" +
                                          (constraint.empty() ? std::string() : " (" + std::string(constraint) + ")"));
  }
  std::vector<FieldError> fields;
  for (const auto& c : columns) fields.push_back({c, "is already taken"});
  return Error(ErrorCode::conflict, "a record with the same " + join(columns, ", ") + " already exists",
               std::move(fields));
}

Error foreign_key_violation() {
  return Error(ErrorCode::conflict,
               "the change refers to a record that does not exist, or removes one that others still refer to");
}

void require_no_nul(const std::string& text) {
  if (text.find('\0') != std::string::npos) {
    throw Error(ErrorCode::validation_failed, "text must not contain NUL characters (U+0000)");
  }
}

Error statement_failed(std::string_view sql, std::string_view message, std::string_view code) {
  constexpr std::size_t kMaxLoggedSql = 1000;
  log::error("a database statement failed",
             {{"sql", sql.substr(0, kMaxLoggedSql)}, {"error", message}, {"code", code}});
  return Error(ErrorCode::internal, "a database statement failed");
}

}  // namespace authorworks::db::detail
