// The PostgreSQL backend over libpq: text protocol, every statement prepared once per connection
// (PQprepare, then PQexecPrepared), `?` rewritten to $n. A connection that the server dropped is
// noticed before it is lent out (PQconsumeInput) or when a statement fails with a connection-class
// SQLSTATE, and is then closed; the pool opens a fresh one on the next acquire.
#include <libpq-fe.h>
#include <poll.h>

#include <charconv>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "core/log.hpp"
#include "db/pool.hpp"
#include "db/sql_text.hpp"
#include "runtime/reactor.hpp"

namespace authorworks::db::detail {
namespace {

constexpr std::size_t kMaxCachedStatements = 512;

// Type OIDs of the built-in types (catalog/pg_type_d.h is a server header).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kTimestampOid = 1114;
constexpr Oid kTimestampTzOid = 1184;
constexpr Oid kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// A statement in flight on an I/O thread whose wait was cancelled: the server is stopping.
[[noreturn]] void server_stopping() {
  throw Error(ErrorCode::unavailable, "the server is stopping; try again shortly").with_retry_after(1);
}

// libpq's multi-line messages on one line, for logs and /ready.
std::string trimmed(const char* text) {
  std::string out;
  for (const char* p = text != nullptr ? text : ""; *p != '\0'; ++p) {
    const bool space = *p == '\n' || *p == '\t' || *p == ' ';
    if (!space) {
      out += *p;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Connection parameters: the URL's, over our defaults.
struct ConnectParams {
  std::vector<std::string> keys;
  std::vector<std::string> values;

  const std::string* find(std::string_view key) const {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) return &values[i];
    }
    return nullptr;
  }
  void set_default(std::string key, std::string value) {
    if (find(key) != nullptr) return;
    keys.push_back(std::move(key));
    values.push_back(std::move(value));
  }
};

ConnectParams parse_url(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    const std::string reason = error != nullptr ? trimmed(error) : "out of memory";
    PQfreemem(error);
    throw std::invalid_argument("cannot read the PostgreSQL URL: " + reason);
  }
  ConnectParams params;
  for (const auto* o = options; o->keyword != nullptr; ++o) {
    if (o->val != nullptr && o->val[0] != '\0') {
      params.keys.emplace_back(o->keyword);
      params.values.emplace_back(o->val);
    }
  }
  PQconninfoFree(options);

  params.set_default("connect_timeout", "3");
  params.set_default("application_name", "authorworks");
  params.set_default("client_encoding", "UTF8");
  // A peer that vanished without closing (a black-holed host) is noticed within seconds, and a
  // request's data that nobody acknowledges fails after 10 s instead of hanging.
  params.set_default("keepalives", "1");
  params.set_default("keepalives_idle", "30");
  params.set_default("keepalives_interval", "10");
  params.set_default("keepalives_count", "3");
  params.set_default("tcp_user_timeout", "10000");
  // Session settings: a statement may run 30 s unless the URL says otherwise; timestamps are read
  // in UTC and ISO form whatever the URL says, because Row returns them as ISO-8601 UTC.
  std::string settings = "-c statement_timeout=30s";
  if (const auto* given = params.find("options")) {
    settings += " " + *given;
    for (std::size_t i = 0; i < params.keys.size(); ++i) {
      if (params.keys[i] == "options") {
        params.keys.erase(params.keys.begin() + static_cast<std::ptrdiff_t>(i));
        params.values.erase(params.values.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
  }
  settings += " -c TimeZone=UTC -c DateStyle=ISO,YMD -c extra_float_digits=1";
  params.keys.emplace_back("options");
  params.values.push_back(std::move(settings));
  return params;
}

std::string describe(const ConnectParams& params) {
  const auto value = [&](std::string_view key, std::string fallback) {
    const auto* v = params.find(key);
    return v != nullptr ? *v : fallback;
  };
  std::string host = value("host", value("hostaddr", "localhost"));
  return "postgresql " + value("user", "(default user)") + "@" + host + ":" + value("port", "5432") + "/" +
         value("dbname", value("user", "postgres"));
}

Value column_value(const PGresult* r, int row, int col, Oid type) {
  const char* text = PQgetvalue(r, row, col);
  const auto length = static_cast<std::size_t>(PQgetlength(r, row, col));
  const std::string_view v(text, length);
  switch (type) {
    case kBoolOid: return Value(length > 0 && text[0] == 't');
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      std::int64_t i = 0;
      std::from_chars(v.data(), v.data() + v.size(), i);
      return Value(i);
    }
    case kNumericOid: {
      std::int64_t i = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), i);
      if (ec == std::errc{} && end == v.data() + v.size()) return Value(i);
      [[fallthrough]];
    }
    case kFloat4Oid:
    case kFloat8Oid: {
      double d = 0;
      std::from_chars(v.data(), v.data() + v.size(), d);
      return Value(d);
    }
    case kTimestampOid:
    case kTimestampTzOid: return Value(iso_timestamp_from_postgres(v));
    default: return Value(std::string(v));
  }
}

class PostgresSession final : public PooledSession {
 public:
  explicit PostgresSession(PGconn* conn) : conn_(conn) { PQsetNoticeReceiver(conn_, on_notice, this); }
  ~PostgresSession() override {
    watch_.reset();  // unregistered before libpq closes the socket
    PQfinish(conn_);
  }
  PostgresSession(const PostgresSession&) = delete;
  PostgresSession& operator=(const PostgresSession&) = delete;

  Backend backend() const noexcept override { return Backend::postgres; }

  Result query(std::string_view sql, const std::vector<Value>& params) override {
    stop_watching();
    const auto& statement = prepare(sql);
    if (static_cast<std::size_t>(statement.parameters) != params.size()) {
      throw statement_failed(sql,
                             "the statement has " + std::to_string(statement.parameters) + " placeholders, given " +
                                 std::to_string(params.size()) + " parameters",
                             "params");
    }
    std::vector<std::string> scratch(params.size());
    std::vector<const char*> values(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) values[i] = to_text(params[i], scratch[i]);
    ResultPtr r(PQexecPrepared(conn_, statement.name.c_str(), static_cast<int>(params.size()), values.data(), nullptr,
                               nullptr, 0));
    check(r.get(), sql);
    return to_result(r.get());
  }

  void query_async(SessionPtr self, runtime::Reactor& reactor, std::string sql, std::vector<Value> params,
                   AsyncQueryDone done) override {
    auto statement =
        std::make_shared<AsyncStatement>(*this, std::move(self), std::move(sql), std::move(params), std::move(done));
    statement->start(reactor);
  }

  std::shared_ptr<StatementPipeline> start_pipeline(SessionPtr& self, runtime::Reactor& reactor) override {
    if (PQenterPipelineMode(conn_) != 1) return nullptr;
    try {
      if (PQsetnonblocking(conn_, 1) != 0) throw std::runtime_error(trimmed(PQerrorMessage(conn_)));
      watch_on(reactor);
      return std::make_shared<Pipeline>(*this, std::move(self), reactor);
    } catch (...) {
      // `self` is still the caller's, which runs the statement on its own instead.
      if (PQexitPipelineMode(conn_) != 1 || PQsetnonblocking(conn_, 0) != 0) broken_ = true;
      return nullptr;
    }
  }

  void run_script(std::string_view sql) override {
    stop_watching();
    ResultPtr r(PQexec(conn_, std::string(sql).c_str()));
    check(r.get(), sql);
  }

  std::uint64_t watched_by() const noexcept override { return watch_ ? watch_reactor_ : 0; }

  bool usable() noexcept override {
    if (broken_ || PQstatus(conn_) != CONNECTION_OK) return false;
    // An idle connection hears from the server only when something is wrong: a restarting server
    // sends a FATAL message (57P01) and closes. Read and parse whatever is waiting, without
    // blocking; the FATAL message reaches on_notice() and the end of the stream breaks the status.
    for (int i = 0; i < 4 && !broken_; ++i) {
      pollfd waiting{PQsocket(conn_), POLLIN, 0};
      if (::poll(&waiting, 1, 0) <= 0) break;
      if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) != CONNECTION_OK) return false;
      PQisBusy(conn_);
    }
    return !broken_ && PQtransactionStatus(conn_) == PQTRANS_IDLE;
  }

  // libpq's notice receiver: notices, and the error a server sends an idle connection before it
  // closes it.
  static void on_notice(void* self, const PGresult* notice) noexcept {
    const char* severity = PQresultErrorField(notice, PG_DIAG_SEVERITY_NONLOCALIZED);
    const bool fatal =
        severity != nullptr && (std::strcmp(severity, "FATAL") == 0 || std::strcmp(severity, "PANIC") == 0);
    if (fatal) static_cast<PostgresSession*>(self)->broken_ = true;
    try {
      log::write(fatal ? LogLevel::info : LogLevel::debug, "database notice",
                 {{"message", trimmed(PQresultErrorMessage(notice))}});
    } catch (...) {
    }
  }

  bool reset() noexcept override {
    if (broken_ || PQstatus(conn_) != CONNECTION_OK) return false;
    switch (PQtransactionStatus(conn_)) {
      case PQTRANS_IDLE: return true;
      case PQTRANS_INTRANS:
      case PQTRANS_INERROR: {
        ResultPtr r(PQexec(conn_, "ROLLBACK"));
        return r != nullptr && PQresultStatus(r.get()) == PGRES_COMMAND_OK;
      }
      default: return false;
    }
  }

 protected:
  void begin_transaction() override { run_script("BEGIN"); }

 private:
  struct Prepared {
    std::string name;
    int parameters = 0;
  };

  // One statement through libpq's non-blocking API, the reactor telling when the socket is ready:
  // prepared first when this connection has not prepared it yet, as query() does, so that both
  // share the statement cache. Between the steps the I/O thread serves its other connections.
  class AsyncStatement : public std::enable_shared_from_this<AsyncStatement> {
   public:
    AsyncStatement(PostgresSession& session, SessionPtr self, std::string sql, std::vector<Value> params,
                   AsyncQueryDone done)
        : session_(session),
          conn_(session.conn_),
          self_(std::move(self)),
          sql_(std::move(sql)),
          params_(std::move(params)),
          done_(std::move(done)) {}

    void start(runtime::Reactor& reactor) {
      reactor_ = &reactor;
      try {
        if (PQsetnonblocking(conn_, 1) != 0) session_.lost(trimmed(PQerrorMessage(conn_)));
        session_.watch_on(reactor);
        send();
      } catch (...) {
        finish(AsyncResult{std::nullopt, std::current_exception()}, true);
      }
    }

   private:
    using Step = void (AsyncStatement::*)();

    void send() {
      if (const auto it = session_.statements_.find(sql_); it != session_.statements_.end()) {
        execute(it->second);
        return;
      }
      auto numbered = number_placeholders(sql_);
      if (session_.statements_.size() >= kMaxCachedStatements) {
        // The cache is full and emptying it (DEALLOCATE ALL) is a statement of its own: this one
        // goes unprepared, and query() empties the cache on its next miss.
        bind(numbered.parameters);
        if (PQsendQueryParams(conn_, numbered.text.c_str(), static_cast<int>(values_.size()), nullptr, values_.data(),
                              nullptr, nullptr, 0) == 0) {
          send_failed();
        }
        flush();
        return;
      }
      preparing_ = Prepared{"aw" + std::to_string(++session_.statement_counter_), numbered.parameters};
      if (PQsendPrepare(conn_, preparing_->name.c_str(), numbered.text.c_str(), 0, nullptr) == 0) send_failed();
      flush();
    }

    void execute(const Prepared& statement) {
      bind(statement.parameters);
      if (PQsendQueryPrepared(conn_, statement.name.c_str(), static_cast<int>(values_.size()), values_.data(), nullptr,
                              nullptr, 0) == 0) {
        send_failed();
      }
      flush();
    }

    void bind(int parameters) {
      if (static_cast<std::size_t>(parameters) != params_.size()) {
        throw statement_failed(sql_,
                               "the statement has " + std::to_string(parameters) + " placeholders, given " +
                                   std::to_string(params_.size()) + " parameters",
                               "params");
      }
      scratch_.assign(params_.size(), {});
      values_.resize(params_.size());
      for (std::size_t i = 0; i < params_.size(); ++i) values_[i] = to_text(params_[i], scratch_[i]);
    }

    [[noreturn]] void send_failed() {
      if (PQstatus(conn_) == CONNECTION_BAD) session_.lost(trimmed(PQerrorMessage(conn_)));
      throw statement_failed(sql_, trimmed(PQerrorMessage(conn_)), "");
    }

    void flush() {
      const int pending = PQflush(conn_);
      if (pending < 0) session_.lost(trimmed(PQerrorMessage(conn_)));
      if (pending > 0) {
        wait(runtime::FdWatch::Event::writable, &AsyncStatement::flush);
      } else {
        wait(runtime::FdWatch::Event::readable, &AsyncStatement::receive);
      }
    }

    void wait(runtime::FdWatch::Event event, Step next) {
      session_.watch_->wait(event, [self = shared_from_this(), next](bool ready) { self->resume(ready, next); });
    }

    void resume(bool ready, Step next) {
      try {
        if (!ready) {
          // Cancelled (the server is stopping) with the statement in flight: the connection's
          // state is unknown, so it is closed rather than reused.
          session_.broken_ = true;
          server_stopping();
        }
        (this->*next)();
      } catch (...) {
        if (finished_) throw;  // thrown by `done` itself, not by the statement
        finish(AsyncResult{std::nullopt, std::current_exception()}, false);
      }
    }

    void receive() {
      if (PQconsumeInput(conn_) == 0) session_.lost(trimmed(PQerrorMessage(conn_)));
      while (PQisBusy(conn_) == 0) {
        PGresult* r = PQgetResult(conn_);
        if (r == nullptr) {
          completed();
          return;
        }
        // One statement, one result; should there be more, the first error wins.
        const bool have_error = result_ != nullptr && PQresultStatus(result_.get()) != PGRES_COMMAND_OK &&
                                PQresultStatus(result_.get()) != PGRES_TUPLES_OK;
        if (have_error) {
          PQclear(r);
        } else {
          result_.reset(r);
        }
      }
      wait(runtime::FdWatch::Event::readable, &AsyncStatement::receive);
    }

    void completed() {
      ResultPtr r = std::move(result_);
      session_.check(r.get(), sql_);
      if (preparing_) {
        const auto& statement = session_.statements_.emplace(sql_, std::move(*preparing_)).first->second;
        preparing_.reset();
        execute(statement);
        return;
      }
      finish(AsyncResult{to_result(r.get()), nullptr}, false);
    }

    // Gives the connection back, then reports; `post` when called before query_async returned.
    void finish(AsyncResult outcome, bool post) {
      finished_ = true;
      if (!session_.broken_ && PQsetnonblocking(conn_, 0) != 0) session_.broken_ = true;
      self_.reset();  // from here on the session may be another request's, or closed
      if (post) {
        reactor_->post([done = std::move(done_), outcome = std::move(outcome)]() mutable { done(std::move(outcome)); });
      } else {
        done_(std::move(outcome));
      }
    }

    PostgresSession& session_;
    PGconn* conn_;
    SessionPtr self_;
    std::string sql_;
    std::vector<Value> params_;
    AsyncQueryDone done_;
    runtime::Reactor* reactor_ = nullptr;
    std::optional<Prepared> preparing_;
    ResultPtr result_;
    std::vector<std::string> scratch_;
    std::vector<const char*> values_;
    bool finished_ = false;
  };

  // Database::query_pipelined on this connection (see StatementPipeline). The statements submitted
  // during one turn of the I/O thread's loop leave together behind one sync point: a write and one
  // wake-up of the server for all of them (the send is posted, so it runs after the requests that
  // arrived with this one). The server answers in order, and libpq hands the results over in that
  // order: `expected_` lists what each next result belongs to. A statement that fails makes the
  // server skip the rest of its batch up to the sync (PGRES_PIPELINE_ABORTED); those never ran, and
  // being single reads they are sent again with the next batch. The first statement of a batch
  // always runs, so every batch makes progress.
  class Pipeline final : public StatementPipeline, public std::enable_shared_from_this<Pipeline> {
   public:
    Pipeline(PostgresSession& session, SessionPtr self, runtime::Reactor& reactor)
        : session_(session), conn_(session.conn_), self_(std::move(self)), reactor_(reactor) {}

    ~Pipeline() override {
      // Still holding the connection: destroyed unrun at shutdown, with statements in flight.
      if (self_) session_.broken_ = true;
    }
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    bool submit(std::string& sql, std::vector<Value>& params, AsyncQueryDone& done) override {
      if (closed_ || held_ >= kMaxPipelined) return false;
      waiting_.push_back(std::make_unique<Entry>(Entry{std::move(sql), std::move(params), std::move(done), nullptr}));
      ++held_;
      schedule_send();
      return true;
    }

   private:
    // More in flight than this go on connections of their own: a deeper pipeline only lengthens the
    // wait of its last statement.
    static constexpr std::size_t kMaxPipelined = 64;

    struct Entry {
      std::string sql;
      std::vector<Value> params;
      AsyncQueryDone done;
      std::exception_ptr prepare_error;  // its statement could not be prepared
    };
    enum class Expect { prepare, statement, sync };
    struct Expected {
      Expect kind;
      std::unique_ptr<Entry> entry;  // for a statement
      ResultPtr result;
    };

    void schedule_send() {
      if (send_posted_) return;
      send_posted_ = true;
      reactor_.post([self = shared_from_this()] { self->send_batch(); });
    }

    void send_batch() {
      send_posted_ = false;
      if (closed_ || waiting_.empty()) return;
      ++batch_;
      try {
        while (!waiting_.empty()) {
          auto entry = std::move(waiting_.front());
          waiting_.pop_front();
          send(std::move(entry));
        }
        if (PQpipelineSync(conn_) != 1) send_failed();
        expected_.push_back(Expected{Expect::sync, nullptr, nullptr});
        flush();
        read_results();
      } catch (...) {
        fail_all(std::current_exception());
      }
      settle();
    }

    // Queues one statement in libpq's buffer (nothing is written yet). An error of the statement's
    // own (its parameters) is its answer; a lost connection throws.
    void send(std::unique_ptr<Entry> entry) {
      const auto cached = session_.statements_.find(entry->sql);
      const auto pending = pending_prepares_.find(entry->sql);
      // A statement prepared by an earlier batch that has not answered yet may still fail there (or
      // be skipped): only statements behind it in its own batch may rely on it.
      const bool prepared_earlier = pending != pending_prepares_.end() && pending->second != batch_;
      try {
        if (cached != session_.statements_.end() && !prepared_earlier) {
          bind(*entry, cached->second.parameters);
          if (PQsendQueryPrepared(conn_, cached->second.name.c_str(), static_cast<int>(values_.size()), values_.data(),
                                  nullptr, nullptr, 0) != 1) {
            send_failed();
          }
        } else if (cached != session_.statements_.end() || session_.statements_.size() >= kMaxCachedStatements) {
          auto numbered = number_placeholders(entry->sql);
          bind(*entry, numbered.parameters);
          if (PQsendQueryParams(conn_, numbered.text.c_str(), static_cast<int>(values_.size()), nullptr, values_.data(),
                                nullptr, nullptr, 0) != 1) {
            send_failed();
          }
        } else {
          auto numbered = number_placeholders(entry->sql);
          bind(*entry, numbered.parameters);
          Prepared prepared{"aw" + std::to_string(++session_.statement_counter_), numbered.parameters};
          if (PQsendPrepare(conn_, prepared.name.c_str(), numbered.text.c_str(), 0, nullptr) != 1) send_failed();
          if (PQsendQueryPrepared(conn_, prepared.name.c_str(), static_cast<int>(values_.size()), values_.data(),
                                  nullptr, nullptr, 0) != 1) {
            send_failed();
          }
          session_.statements_.emplace(entry->sql, std::move(prepared));
          pending_prepares_[entry->sql] = batch_;
          expected_.push_back(Expected{Expect::prepare, nullptr, nullptr});
        }
      } catch (...) {
        answer(std::move(entry->done), AsyncResult{std::nullopt, std::current_exception()});
        if (session_.broken_) throw;
        return;
      }
      expected_.push_back(Expected{Expect::statement, std::move(entry), nullptr});
    }

    void bind(const Entry& entry, int parameters) {
      if (static_cast<std::size_t>(parameters) != entry.params.size()) {
        throw statement_failed(entry.sql,
                               "the statement has " + std::to_string(parameters) + " placeholders, given " +
                                   std::to_string(entry.params.size()) + " parameters",
                               "params");
      }
      scratch_.resize(entry.params.size());
      values_.resize(entry.params.size());
      for (std::size_t i = 0; i < entry.params.size(); ++i) values_[i] = to_text(entry.params[i], scratch_[i]);
    }

    [[noreturn]] void send_failed() { session_.lost(trimmed(PQerrorMessage(conn_))); }

    // Writes what libpq holds; what the socket does not take now waits for it to become writable.
    void flush() {
      const int pending = PQflush(conn_);
      if (pending < 0) session_.lost(trimmed(PQerrorMessage(conn_)));
      if (pending > 0 && !writable_armed_) {
        writable_armed_ = true;
        session_.watch_->wait(runtime::FdWatch::Event::writable,
                              [self = shared_from_this()](bool ready) { self->on_writable(ready); });
      }
    }

    void on_writable(bool ready) {
      writable_armed_ = false;
      if (closed_) return;
      try {
        if (!ready) server_stopping();
        flush();
        // Flushing may have read the server's answers into libpq's buffer: the socket would then not
        // wake the readable wait for them.
        read_results();
      } catch (...) {
        fail_all(std::current_exception());
      }
      settle();
    }

    void on_readable(bool ready) {
      readable_armed_ = false;
      if (closed_) return;
      try {
        if (!ready) server_stopping();
        if (PQconsumeInput(conn_) != 1) session_.lost(trimmed(PQerrorMessage(conn_)));
        read_results();
      } catch (...) {
        fail_all(std::current_exception());
      }
      settle();
    }

    // Takes every result libpq has parsed, then waits for more while some are still to come.
    void read_results() {
      while (!expected_.empty() && PQisBusy(conn_) == 0) take(ResultPtr(PQgetResult(conn_)));
      if (session_.broken_ || PQstatus(conn_) == CONNECTION_BAD) session_.lost(trimmed(PQerrorMessage(conn_)));
      if (!expected_.empty() && !readable_armed_) {
        readable_armed_ = true;
        session_.watch_->wait(runtime::FdWatch::Event::readable,
                              [self = shared_from_this()](bool ready) { self->on_readable(ready); });
      }
    }

    // One result for the front of `expected_`; nullptr ends a statement's results (none follows a sync).
    void take(ResultPtr r) {
      auto& front = expected_.front();
      if (front.kind == Expect::sync) {
        if (r == nullptr || PQresultStatus(r.get()) != PGRES_PIPELINE_SYNC) {
          session_.lost("the database's answers are out of step with the statements sent");
        }
        expected_.pop_front();
        return;
      }
      if (r != nullptr) {
        // One statement, one result; should there be more, the first error wins.
        if (front.result == nullptr || succeeded(front.result.get())) front.result = std::move(r);
        return;
      }
      auto done = std::move(front);
      expected_.pop_front();
      if (done.kind == Expect::prepare) {
        prepared(std::move(done.result));
      } else {
        answered(std::move(done.entry), std::move(done.result));
      }
    }

    static bool succeeded(const PGresult* r) {
      const auto status = PQresultStatus(r);
      return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    }

    // A prepare's outcome; its statement is next in `expected_`.
    void prepared(ResultPtr r) {
      auto& entry = *expected_.front().entry;
      pending_prepares_.erase(entry.sql);
      if (r != nullptr && succeeded(r.get())) return;
      session_.statements_.erase(entry.sql);
      // Skipped (its statement is skipped too, and sent again), or failed: its statement, skipped
      // for it, answers with the failure.
      if (r != nullptr && PQresultStatus(r.get()) == PGRES_PIPELINE_ABORTED) return;
      try {
        session_.check(r.get(), entry.sql);
      } catch (...) {
        if (session_.broken_) throw;
        entry.prepare_error = std::current_exception();
      }
    }

    void answered(std::unique_ptr<Entry> entry, ResultPtr r) {
      if (r != nullptr && succeeded(r.get())) {
        try {
          answer(std::move(entry->done), AsyncResult{to_result(r.get()), nullptr});
        } catch (...) {
          answer(std::move(entry->done), AsyncResult{std::nullopt, std::current_exception()});
        }
        return;
      }
      if (r != nullptr && PQresultStatus(r.get()) == PGRES_PIPELINE_ABORTED) {
        if (entry->prepare_error) {
          auto error = entry->prepare_error;
          answer(std::move(entry->done), AsyncResult{std::nullopt, error});
          return;
        }
        waiting_.push_back(std::move(entry));
        schedule_send();
        return;
      }
      try {
        session_.check(r.get(), entry->sql);
        throw statement_failed(entry->sql, "the database sent no result", "");
      } catch (...) {
        answer(std::move(entry->done), AsyncResult{std::nullopt, std::current_exception()});
        if (session_.broken_) throw;  // the statements behind it fail too
      }
    }

    // Answers are handed over once the pipeline's state is settled (settle()): a `done` may submit
    // the next statement.
    void answer(AsyncQueryDone done, AsyncResult outcome) {
      --held_;
      answers_.emplace_back(std::move(done), std::move(outcome));
    }

    // The connection is lost (or the server is stopping): every statement held fails with `error`,
    // and the connection is closed.
    void fail_all(std::exception_ptr error) {
      session_.broken_ = true;
      for (auto& expected : expected_) {
        if (expected.entry) answer(std::move(expected.entry->done), AsyncResult{std::nullopt, error});
      }
      for (auto& entry : waiting_) answer(std::move(entry->done), AsyncResult{std::nullopt, error});
      expected_.clear();
      waiting_.clear();
      pending_prepares_.clear();
      close();
    }

    void close() noexcept {
      closed_ = true;
      self_.reset();  // from here on `session_` may be closed, or another request's
    }

    // Hands the answers over, and gives the connection back once nothing is in flight.
    void settle() {
      auto keep_alive = shared_from_this();  // an answer may drop the last other reference
      const bool idle =
          !closed_ && held_ == 0 && expected_.empty() && !send_posted_ && !readable_armed_ && !writable_armed_;
      if (idle) {
        if (PQexitPipelineMode(conn_) != 1 || PQsetnonblocking(conn_, 0) != 0) session_.broken_ = true;
        close();
      }
      auto answers = std::move(answers_);
      answers_.clear();
      for (auto& [done, outcome] : answers) {
        try {
          done(std::move(outcome));
        } catch (const std::exception& e) {
          log::error("a database answer's handler failed", {{"error", e.what()}});
        } catch (...) {
          log::error("a database answer's handler failed", {});
        }
      }
    }

    PostgresSession& session_;
    PGconn* conn_;
    SessionPtr self_;
    runtime::Reactor& reactor_;
    std::deque<std::unique_ptr<Entry>> waiting_;  // submitted, not sent yet
    std::deque<Expected> expected_;               // sent, in the order their results come
    std::vector<std::pair<AsyncQueryDone, AsyncResult>> answers_;
    // Statements this pipeline prepared whose prepare has not answered yet, by the batch that sent it.
    std::unordered_map<std::string, std::uint64_t, StringHash, std::equal_to<>> pending_prepares_;
    std::vector<std::string> scratch_;
    std::vector<const char*> values_;
    std::uint64_t batch_ = 0;
    std::size_t held_ = 0;  // statements submitted and not answered
    bool send_posted_ = false;
    bool readable_armed_ = false;
    bool writable_armed_ = false;
    bool closed_ = false;
  };

  // The socket stays registered with the reactor between statements, which saves registering it
  // anew (three system calls) each time; another reactor, or a blocking statement, ends that.
  void watch_on(runtime::Reactor& reactor) {
    if (watch_ && watch_reactor_ == reactor.serial()) return;
    watch_.reset();
    watch_ = reactor.watch(PQsocket(conn_));
    watch_reactor_ = reactor.serial();
  }

  // Blocking statements wait in libpq's own poll(): while the reactor still watched the socket,
  // their answers would wake its thread for nothing.
  void stop_watching() noexcept {
    if (watch_) watch_.reset();
  }

  const Prepared& prepare(std::string_view sql) {
    if (const auto it = statements_.find(sql); it != statements_.end()) return it->second;
    if (statements_.size() >= kMaxCachedStatements) {
      run_script("DEALLOCATE ALL");
      statements_.clear();
    }
    auto numbered = number_placeholders(sql);
    Prepared prepared{"aw" + std::to_string(++statement_counter_), numbered.parameters};
    ResultPtr r(PQprepare(conn_, prepared.name.c_str(), numbered.text.c_str(), 0, nullptr));
    check(r.get(), sql);
    return statements_.emplace(std::string(sql), std::move(prepared)).first->second;
  }

  // The text form of a parameter, or nullptr for NULL; `scratch` keeps converted numbers alive.
  static const char* to_text(const Value& value, std::string& scratch) {
    if (const auto* s = std::get_if<std::string>(&value)) {
      require_no_nul(*s);
      return s->c_str();
    }
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
      scratch = std::to_string(*i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      char buffer[64];
      const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *d);
      scratch.assign(buffer, ec == std::errc{} ? end : buffer);
    } else if (const auto* b = std::get_if<bool>(&value)) {
      scratch = *b ? "t" : "f";
    } else {
      return nullptr;
    }
    return scratch.c_str();
  }

  static Result to_result(PGresult* r) {
    const int rows = PQntuples(r);
    const int cols = PQnfields(r);
    auto names = std::make_shared<std::vector<std::string>>();
    std::vector<Oid> types(static_cast<std::size_t>(cols));
    names->reserve(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      names->emplace_back(PQfname(r, c));
      types[static_cast<std::size_t>(c)] = PQftype(r, c);
    }
    Result result;
    result.rows.reserve(static_cast<std::size_t>(rows));
    for (int row = 0; row < rows; ++row) {
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(cols));
      for (int c = 0; c < cols; ++c) {
        values.push_back(PQgetisnull(r, row, c) != 0 ? Value(nullptr)
                                                     : column_value(r, row, c, types[static_cast<std::size_t>(c)]));
      }
      result.rows.emplace_back(names, std::move(values));
    }
    const std::string_view command = PQcmdStatus(r);
    if (command.starts_with("INSERT") || command.starts_with("UPDATE") || command.starts_with("DELETE") ||
        command.starts_with("MERGE")) {
      const std::string_view count = PQcmdTuples(r);
      std::from_chars(count.data(), count.data() + count.size(), result.affected);
    }
    result.columns = *names;
    return result;
  }

  [[noreturn]] void lost(const std::string& reason) {
    broken_ = true;
    log::warn("lost the connection to the database", {{"error", reason}});
    throw database_unreachable();
  }

  void check(const PGresult* r, std::string_view sql) {
    const auto status = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    if (PQstatus(conn_) == CONNECTION_BAD) lost(trimmed(PQerrorMessage(conn_)));
    if (r == nullptr) throw statement_failed(sql, trimmed(PQerrorMessage(conn_)), "");
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const std::string sqlstate = state != nullptr ? state : "";
    const std::string message = trimmed(PQresultErrorMessage(r));
    if (sqlstate == "23505") {
      const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
      const char* constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
      throw unique_violation(postgres_unique_columns(detail != nullptr ? detail : ""),
                             constraint != nullptr ? constraint : "");
    }
    if (sqlstate == "23503") throw foreign_key_violation();
    if (sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03") {
      lost(message);
    }
    if (sqlstate == "57014") {
      log::warn("a database statement ran out of time", {{"sql", sql.substr(0, 1000)}, {"error", message}});
      throw Error(ErrorCode::unavailable, "the database took too long to answer; try again shortly")
          .with_retry_after(2);
    }
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
      log::warn("a database statement met a concurrent one", {{"sql", sql.substr(0, 1000)}, {"error", message}});
      throw Error(ErrorCode::unavailable, "the database is busy; try again shortly").with_retry_after(1);
    }
    if (sqlstate.starts_with("53")) {
      log::error("the database is out of resources", {{"error", message}, {"code", sqlstate}});
      throw Error(ErrorCode::unavailable, "the database is overloaded; try again later").with_retry_after(5);
    }
    throw statement_failed(sql, message, sqlstate);
  }

  PGconn* conn_;
  std::unique_ptr<runtime::FdWatch> watch_;
  std::uint64_t watch_reactor_ = 0;  // the serial of the reactor watch_ belongs to
  std::unordered_map<std::string, Prepared, StringHash, std::equal_to<>> statements_;
  std::uint64_t statement_counter_ = 0;
};

std::unique_ptr<PooledSession> connect(const ConnectParams& params, const std::string& description) {
  std::vector<const char*> keys;
  std::vector<const char*> values;
  for (std::size_t i = 0; i < params.keys.size(); ++i) {
    keys.push_back(params.keys[i].c_str());
    values.push_back(params.values[i].c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 0);
  if (conn == nullptr) throw ConnectFailed("out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    const auto reason = trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    log::warn("cannot connect to the database", {{"database", description}, {"error", reason}});
    throw ConnectFailed(reason);
  }
  return std::make_unique<PostgresSession>(conn);
}

}  // namespace

std::shared_ptr<Database> open_postgres(const std::string& url, std::size_t pool_size) {
  auto params = std::make_shared<const ConnectParams>(parse_url(url));
  auto description = describe(*params);
  return std::make_shared<PooledDatabase>(
      Backend::postgres, description, pool_size, [params, description] { return connect(*params, description); }, true);
}

}  // namespace authorworks::db::detail
