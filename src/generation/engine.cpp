#include "generation/engine.hpp"

#include <boost/json.hpp>

#include <atomic>

#include "core/log.hpp"
#include "core/text.hpp"
#include "db/ids.hpp"
#include "db/timestamps.hpp"
#include "generation/book_status.hpp"
#include "generation/job_run.hpp"
#include "generation/length_plan.hpp"
#include "generation/scene_text.hpp"
#include "generation/step_store.hpp"

namespace authorworks::generation {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxTitleCodePoints = 200;
constexpr std::size_t kMaxBraindumpBytes = 50'000;
constexpr std::size_t kMaxGenreCodePoints = 100;

// A seed the offline writer can take from the title and braindump when the request names none;
// kept below 2^53 so that it survives any JSON reader.
std::uint64_t derived_seed(const GenerateRequest& r) {
  const auto hash = sha256_hex(r.title + "\n" + r.braindump);
  return std::stoull(hash.substr(0, 13), nullptr, 16);
}

void check_text(std::vector<FieldError>& errors, const std::string& field, const std::string& text,
                std::size_t max_code_points, bool required) {
  if (!is_valid_utf8(text)) {
    errors.push_back({field, "must be valid UTF-8"});
  } else if (required && trim(text).empty()) {
    errors.push_back({field, "is required"});
  } else if (count_code_points(text) > max_code_points) {
    errors.push_back({field, "must be at most " + std::to_string(max_code_points) + " characters"});
  }
}

std::string event_json(json::object body) { return json::serialize(body); }

// A book's status follows its book jobs: a regenerated scene (a scene job) that ends, however it
// ends, leaves the book as its latest book job left it.
void settle_book_status(db::Session& s, const std::string& book_id, std::string_view job_kind,
                        std::string_view outcome) {
  const auto now = db::now_timestamp();
  std::string status(outcome);
  if (job_kind == "scene") {
    const auto book_job = s.query(
        "SELECT status FROM generation_jobs WHERE book_id = ? AND kind = 'book' ORDER BY created_at DESC LIMIT 1",
        {book_id});
    status = book_job.empty() ? "completed" : book_job.first().text("status");
  }
  if (status == "completed") {
    s.execute(
        "UPDATE books SET status = 'completed', completed_at = COALESCE(completed_at, ?), updated_at = ? WHERE id = ?",
        {now, now, book_id});
  } else {
    s.execute("UPDATE books SET status = ?, updated_at = ? WHERE id = ?", {status, now, book_id});
  }
}

}  // namespace

struct Engine::Slot {
  JobRecord job;
  std::stop_source stop;
  std::atomic<StopReason> reason{StopReason::none};
  std::atomic<bool> done{false};
  std::jthread thread;

  // The first reason wins: a cancel that raced a shutdown is still a cancel.
  void request_stop(StopReason why) {
    auto expected = StopReason::none;
    reason.compare_exchange_strong(expected, why);
    stop.request_stop();
  }
};

Engine::Engine(std::shared_ptr<db::Database> database, std::shared_ptr<llm::Writer> writer, llm::PriceTable prices,
               std::shared_ptr<events::EventBus> bus, GenerationConfig config, EngineOptions options)
    : database_(std::move(database)),
      writer_(std::move(writer)),
      prices_(std::move(prices)),
      bus_(std::move(bus)),
      config_(config),
      options_(options),
      queue_(database_, "worker-" + db::new_id(), config.lease) {}

Engine::~Engine() { stop(); }

void Engine::start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  stopping_ = false;
  scheduler_ = std::jthread([this] { schedule(); });
}

void Engine::stop() {
  std::map<std::string, std::shared_ptr<Slot>> slots;
  {
    std::lock_guard lock(mutex_);
    if (!started_) return;
    stopping_ = true;
    changed_.notify_all();
  }
  if (scheduler_.joinable()) scheduler_.join();
  {
    std::lock_guard lock(mutex_);
    slots.swap(slots_);
    started_ = false;
  }
  for (auto& [id, slot] : slots) slot->request_stop(StopReason::shutdown);
  for (auto& [id, slot] : slots) {
    if (slot->thread.joinable()) slot->thread.join();
  }
}

std::size_t Engine::running() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [id, slot] : slots_) n += slot->done ? 0 : 1;
  return n;
}

void Engine::wake() {
  std::lock_guard lock(mutex_);
  woken_ = true;
  changed_.notify_all();
}

void Engine::publish(const std::string& topic, std::string_view type, const std::string& body) {
  bus_->publish(topic, type, body);
}

void Engine::schedule() {
  const auto heartbeat =
      std::max<std::chrono::milliseconds>(std::chrono::milliseconds(config_.lease) / 3, std::chrono::milliseconds(100));
  auto next_heartbeat = std::chrono::steady_clock::now() + heartbeat;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // Finished jobs give their place to the next ones.
    for (auto it = slots_.begin(); it != slots_.end();) {
      if (it->second->done) {
        auto slot = it->second;
        it = slots_.erase(it);
        lock.unlock();
        if (slot->thread.joinable()) slot->thread.join();
        lock.lock();
      } else {
        ++it;
      }
    }
    lock.unlock();
    try {
      if (std::chrono::steady_clock::now() >= next_heartbeat) {
        renew_leases();
        next_heartbeat = std::chrono::steady_clock::now() + heartbeat;
      }
      for (;;) {
        {
          std::lock_guard check(mutex_);
          if (stopping_ || slots_.size() >= std::max(1u, config_.max_concurrent)) break;
        }
        auto job = queue_.claim();
        if (!job) break;
        launch(std::move(*job));
      }
    } catch (const std::exception& e) {
      // The database is down or busy: the leases lapse if it stays so, and the next pass retries.
      log::warn("generation scheduler pass failed", {{"error", e.what()}});
    }
    lock.lock();
    changed_.wait_for(lock, std::min<std::chrono::milliseconds>(options_.poll_interval, heartbeat),
                      [this] { return stopping_ || woken_; });
    woken_ = false;
  }
}

void Engine::launch(JobRecord job) {
  auto slot = std::make_shared<Slot>();
  slot->job = std::move(job);
  std::lock_guard lock(mutex_);
  slots_.emplace(slot->job.id, slot);
  slot->thread = std::jthread([this, slot] { run_slot(slot); });
}

void Engine::renew_leases() {
  std::vector<std::shared_ptr<Slot>> slots;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, slot] : slots_) {
      if (!slot->done) slots.push_back(slot);
    }
  }
  for (const auto& slot : slots) {
    if (!queue_.renew(slot->job.id)) slot->request_stop(StopReason::lease_lost);
  }
}

void Engine::run_slot(const std::shared_ptr<Slot>& slot) {
  const auto& job = slot->job;
  log::info("generation job started", {{"job_id", job.id}, {"book_id", job.book_id}, {"kind", job.kind}});
  try {
    const auto& info = writer_->info();
    json::object metadata_writer{
        {"provider", info.provider}, {"model", info.model}, {"is_model", info.is_model}, {"label", info.label}};
    database_->transaction([&](db::Session& s) {
      const auto row = s.query("SELECT metadata FROM books WHERE id = ?", {job.book_id});
      if (row.empty()) return;
      boost::system::error_code ec;
      auto metadata = json::parse(row.first().text("metadata"), ec);
      if (ec || !metadata.is_object()) metadata = json::object();
      metadata.as_object()["writer"] = metadata_writer;
      s.execute("UPDATE books SET status = 'generating', writer = ?, metadata = ?, updated_at = ? WHERE id = ?",
                {info.label, json::serialize(metadata), db::now_timestamp(), job.book_id});
    });
    RunEnvironment environment{database_, writer_, &prices_, bus_, std::max(1u, config_.parallelism), queue_.owner()};
    JobRun(std::move(environment), job, slot->stop.get_token()).run();
    complete(slot);
  } catch (const LeaseLost&) {
    stopped(slot);
  } catch (const llm::WriterError& e) {
    if (slot->stop.stop_requested()) {
      stopped(slot);
    } else {
      fail(slot, e.detail());
    }
  } catch (const Error& e) {
    if (slot->stop.stop_requested()) {
      stopped(slot);
    } else if (e.code() == ErrorCode::unavailable) {
      // The database went away mid-step: give the job back; it resumes from its last checkpoint.
      log::warn("generation job interrupted", {{"job_id", job.id}, {"error", e.detail()}});
      try {
        queue_.release(job.id);
      } catch (const std::exception&) {
        // Still unreachable: the lease lapses and any worker takes the job over.
      }
    } else {
      fail(slot, e.detail());
    }
  } catch (const std::exception& e) {
    log::error("generation job failed", {{"job_id", job.id}, {"error", e.what()}});
    fail(slot, "an internal error stopped the generation");
  }
  slot->done = true;
  wake();
}

void Engine::complete(const std::shared_ptr<Slot>& slot) {
  const auto& job = slot->job;
  std::vector<ChapterStats> stats;
  {
    auto session = database_->acquire();
    stats = read_chapter_stats(*session, job.book_id);
  }
  json::array chapters;
  for (const auto& c : stats) {
    chapters.push_back({{"number", c.number},
                        {"words", c.words},
                        {"prompt_tokens", c.prompt_tokens},
                        {"prompt_tokens_per_word", c.prompt_tokens_per_word}});
  }
  std::int64_t words = 0;
  std::int64_t tokens_in = 0;
  double cost = 0;
  std::string title;
  const bool held = queue_.finish(job.id, "completed", "", [&](db::Session& s) {
    const auto book =
        s.query("SELECT title, words, tokens_in, cost_usd FROM books WHERE id = ?", {job.book_id}).first();
    title = book.text("title");
    words = book.integer("words");
    tokens_in = book.integer("tokens_in");
    cost = book.real("cost_usd");
    json::object statistics{
        {"chapters", chapters},
        {"words", words},
        {"prompt_tokens", tokens_in},
        {"prompt_tokens_per_word", words > 0 ? static_cast<double>(tokens_in) / static_cast<double>(words) : 0.0}};
    s.execute("UPDATE generation_jobs SET statistics = ? WHERE id = ?", {json::serialize(statistics), job.id});
    settle_book_status(s, job.book_id, job.kind, "completed");
  });
  if (!held) {
    stopped(slot);
    return;
  }
  log::info("generation job completed", {{"job_id", job.id}, {"book_id", job.book_id}, {"words", words}});
  const auto body = event_json(
      {{"type", "completed"},
       {"book_id", job.book_id},
       {"job_id", job.id},
       {"words", words},
       {"cost", cost},
       {"prompt_tokens_per_word", words > 0 ? static_cast<double>(tokens_in) / static_cast<double>(words) : 0.0}});
  publish("book:" + job.book_id, "completed", body);
  publish("user:" + job.user_id, "completed", body);
  notify_owner(job, title, "book_completed", "\u201c" + title + "\u201d is finished",
               std::to_string(words) + " words, ready to read and export.",
               event_json({{"book_id", job.book_id}, {"job_id", job.id}, {"words", words}}));
}

void Engine::fail(const std::shared_ptr<Slot>& slot, const std::string& error) {
  const auto& job = slot->job;
  bool held = false;
  try {
    held = queue_.finish(job.id, "failed", error,
                         [&](db::Session& s) { settle_book_status(s, job.book_id, job.kind, "failed"); });
  } catch (const std::exception& e) {
    log::error("cannot record a failed generation job", {{"job_id", job.id}, {"error", e.what()}});
    return;
  }
  if (!held) {
    stopped(slot);
    return;
  }
  log::warn("generation job failed", {{"job_id", job.id}, {"book_id", job.book_id}, {"error", error}});
  const auto body = event_json({{"type", "failed"}, {"book_id", job.book_id}, {"job_id", job.id}, {"error", error}});
  publish("book:" + job.book_id, "failed", body);
  publish("user:" + job.user_id, "failed", body);
  std::string title;
  try {
    auto session = database_->acquire();
    title = session->query("SELECT title FROM books WHERE id = ?", {job.book_id}).first().text("title");
  } catch (const std::exception& e) {
    log::warn("cannot read the title of a failed book", {{"book_id", job.book_id}, {"error", e.what()}});
    return;
  }
  notify_owner(job, title, "book_failed", "\u201c" + title + "\u201d could not be finished",
               error + " Resume it to continue from where it stopped.",
               event_json({{"book_id", job.book_id}, {"job_id", job.id}, {"error", error}}));
}

// A notification is a courtesy on top of the events and the job's status: when the messaging
// service cannot take it, the book is still finished, and the failure is only logged.
void Engine::notify_owner(const JobRecord& job, const std::string& title, std::string kind, std::string headline,
                          std::string body, std::string data) {
  if (!options_.notifications || job.kind != "book") return;
  // A title of 200 characters leaves no room for the words around it.
  if (count_code_points(headline) > 200) headline = title.empty() ? kind : title;
  messaging::NewNotification notification;
  notification.user_id = job.user_id;
  notification.kind = std::move(kind);
  notification.title = std::move(headline);
  if (body.size() > 4000) {
    auto cut = std::size_t{3997};
    while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    body = body.substr(0, cut) + "...";
  }
  notification.body = std::move(body);
  notification.data = std::move(data);
  try {
    options_.notifications->notify(notification);
  } catch (const std::exception& e) {
    log::warn("cannot store a book notification", {{"book_id", job.book_id}, {"error", e.what()}});
  }
}

// The job stopped without finishing: shut down (give it back), cancelled (say so), or taken over.
void Engine::stopped(const std::shared_ptr<Slot>& slot) {
  const auto& job = slot->job;
  try {
    if (slot->reason == StopReason::shutdown) {
      queue_.release(job.id);
      log::info("generation job released", {{"job_id", job.id}});
      return;
    }
    const auto row = database_->query("SELECT status FROM generation_jobs WHERE id = ?", {job.id});
    if (!row.empty() && row.first().text("status") == "cancelled") {
      log::info("generation job cancelled", {{"job_id", job.id}});
      publish("book:" + job.book_id, "cancelled",
              event_json({{"type", "cancelled"}, {"book_id", job.book_id}, {"job_id", job.id}}));
    }
  } catch (const std::exception& e) {
    log::warn("generation job stop not recorded", {{"job_id", job.id}, {"error", e.what()}});
  }
}

Started Engine::generate(const GenerateRequest& request) {
  std::vector<FieldError> errors;
  check_text(errors, "title", request.title, kMaxTitleCodePoints, true);
  if (request.braindump.size() > kMaxBraindumpBytes) {
    errors.push_back({"braindump", "must be at most " + std::to_string(kMaxBraindumpBytes) + " bytes"});
  } else {
    check_text(errors, "braindump", request.braindump, kMaxBraindumpBytes, false);
  }
  check_text(errors, "genre", request.genre, kMaxGenreCodePoints, false);
  std::int64_t target = request.target_words;
  try {
    target = plan_length(request.kind, request.target_words).target_words;
  } catch (const Error& e) {
    errors.insert(errors.end(), e.fields().begin(), e.fields().end());
  }
  if (!errors.empty()) {
    std::string detail = "invalid ";
    for (std::size_t i = 0; i < errors.size(); ++i) detail += (i == 0 ? "" : ", ") + errors[i].field;
    throw Error(ErrorCode::validation_failed, detail, std::move(errors));
  }
  const auto seed = request.seed != 0 ? request.seed : derived_seed(request);
  const auto& info = writer_->info();
  json::object metadata{
      {"writer",
       {{"provider", info.provider}, {"model", info.model}, {"is_model", info.is_model}, {"label", info.label}}},
      {"seed", static_cast<std::int64_t>(seed & 0x7fffffffffffffffULL)}};
  Started started{db::new_id(), db::new_id()};
  database_->transaction([&](db::Session& s) {
    if (s.query("SELECT 1 AS one FROM users WHERE id = ?", {request.user_id}).empty()) throw not_found_error("user");
    const auto now = db::now_timestamp();
    const auto genre = std::string(trim(request.genre));
    s.execute(
        "INSERT INTO books (id, user_id, title, braindump, kind, genre, target_words, status, writer, metadata, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'generating', ?, ?, ?, ?)",
        {started.book_id, request.user_id, std::string(trim(request.title)), request.braindump,
         std::string(llm::kind_name(request.kind)), genre.empty() ? db::Value() : db::Value(genre), target, info.label,
         json::serialize(metadata), now, now});
    s.execute(
        "INSERT INTO generation_jobs (id, book_id, user_id, status, kind, created_at) VALUES (?, ?, ?, 'queued', "
        "'book', ?)",
        {started.job_id, started.book_id, request.user_id, now});
  });
  wake();
  return started;
}

BookStatus Engine::status(const std::string& book_id) {
  auto session = database_->acquire();
  return read_book_status(*session, book_id);
}

void Engine::cancel(const std::string& book_id) {
  std::string job_id;
  std::string was;
  database_->transaction([&](db::Session& s) {
    if (s.query("SELECT 1 AS one FROM books WHERE id = ?", {book_id}).empty()) throw not_found_error("book");
    const auto active =
        s.query("SELECT id, status, kind FROM generation_jobs WHERE book_id = ? AND status IN ('queued', 'running')",
                {book_id});
    if (active.empty()) throw Error(ErrorCode::conflict, "nothing is queued or running for this book");
    job_id = active.first().text("id");
    was = active.first().text("status");
    const auto now = db::now_timestamp();
    s.execute(
        "UPDATE generation_jobs SET status = 'cancelled', finished_at = ?, lease_owner = NULL, lease_expires_at = "
        "NULL WHERE id = ?",
        {now, job_id});
    settle_book_status(s, book_id, active.first().text("kind"), "cancelled");
  });
  std::shared_ptr<Slot> local;
  {
    std::lock_guard lock(mutex_);
    if (auto it = slots_.find(job_id); it != slots_.end()) local = it->second;
  }
  if (local) {
    // Its thread says "cancelled" once the writer call in flight has stopped.
    local->request_stop(StopReason::cancelled);
  } else if (was == "queued") {
    publish("book:" + book_id, "cancelled",
            event_json({{"type", "cancelled"}, {"book_id", book_id}, {"job_id", job_id}}));
  }
  // A job running in another process stops at its next heartbeat or step, whichever comes first.
}

Started Engine::resume(const std::string& book_id) {
  Started started{book_id, {}};
  database_->transaction([&](db::Session& s) {
    if (s.query("SELECT 1 AS one FROM books WHERE id = ?", {book_id}).empty()) throw not_found_error("book");
    auto latest =
        s.query("SELECT id, status, kind FROM generation_jobs WHERE book_id = ? ORDER BY created_at DESC, id LIMIT 1",
                {book_id});
    if (latest.empty()) throw Error(ErrorCode::conflict, "this book has no generation to resume");
    // A scene regenerated since must not hide the book's own unfinished generation.
    if (latest.first().text("kind") == "scene" && latest.first().text("status") == "completed") {
      latest = s.query(
          "SELECT id, status, kind FROM generation_jobs WHERE book_id = ? AND kind = 'book' ORDER BY created_at DESC, "
          "id LIMIT 1",
          {book_id});
    }
    const auto status = latest.first().text("status");
    if (status != "cancelled" && status != "failed") {
      throw Error(ErrorCode::conflict, "only a cancelled or failed generation can be resumed; this one is " + status);
    }
    started.job_id = latest.first().text("id");
    const auto now = db::now_timestamp();
    // Back in the queue behind the jobs already waiting; its steps stay and are reused.
    s.execute(
        "UPDATE generation_jobs SET status = 'queued', error = NULL, finished_at = NULL, lease_owner = NULL, "
        "lease_expires_at = NULL, created_at = ? WHERE id = ?",
        {now, started.job_id});
    s.execute("UPDATE books SET status = 'generating', updated_at = ? WHERE id = ?", {now, book_id});
  });
  wake();
  return started;
}

Started Engine::regenerate_scene(const std::string& book_id, int chapter, int scene) {
  Started started{book_id, db::new_id()};
  database_->transaction([&](db::Session& s) {
    const auto book = s.query("SELECT user_id FROM books WHERE id = ?", {book_id});
    if (book.empty()) throw not_found_error("book");
    const auto found = s.query(
        "SELECT s.id FROM scenes s JOIN chapters c ON c.id = s.chapter_id WHERE c.book_id = ? AND c.number = ? AND "
        "s.number = ?",
        {book_id, chapter, scene});
    if (found.empty()) throw not_found_error("scene");
    if (!s.query("SELECT 1 AS one FROM generation_jobs WHERE book_id = ? AND status IN ('queued', 'running')",
                 {book_id})
             .empty()) {
      throw Error(ErrorCode::conflict, "a generation is already queued or running for this book");
    }
    const auto now = db::now_timestamp();
    s.execute(
        "INSERT INTO generation_jobs (id, book_id, user_id, status, kind, chapter, scene, created_at) VALUES (?, ?, "
        "?, 'queued', 'scene', ?, ?, ?)",
        {started.job_id, book_id, book.first().text("user_id"), chapter, scene, now});
    s.execute("UPDATE books SET status = 'generating', updated_at = ? WHERE id = ?", {now, book_id});
  });
  wake();
  return started;
}

}  // namespace authorworks::generation
