#pragma once
// Generation jobs in the database, held by leases. A worker claims the oldest queued job, or a
// running one whose lease lapsed (its worker died), renews the lease with heartbeats, and gives the
// job back (release) when it stops without finishing, so that another process can take it at once.
// PostgreSQL claims with FOR UPDATE SKIP LOCKED; SQLite with a BEGIN IMMEDIATE transaction, which
// serialises claimers on the file's write lock.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "db/database.hpp"

namespace authorworks::generation {

struct JobRecord {
  std::string id;
  std::string book_id;
  std::string user_id;
  std::string status;
  std::string kind;  // "book" or "scene"
  int chapter = 0;   // for kind "scene"
  int scene = 0;
  std::string created_at;
};

class JobQueue {
 public:
  JobQueue(std::shared_ptr<db::Database> database, std::string owner, std::chrono::seconds lease);

  const std::string& owner() const noexcept { return owner_; }

  // The job this worker now holds, or nullopt when none is waiting.
  std::optional<JobRecord> claim();
  // Extends the lease; false when the job is no longer this worker's (cancelled, taken over).
  bool renew(const std::string& job_id);
  // Back to the queue, lease cleared; false when the job was not this worker's any more.
  bool release(const std::string& job_id);
  // completed or failed (with `error`), then `land` in the same transaction (the book's own status);
  // false, with nothing written, when the job was not this worker's any more.
  bool finish(const std::string& job_id, std::string_view status, const std::string& error,
              const std::function<void(db::Session&)>& land = {});
  // True when this worker still holds the running job.
  bool holds(db::Session& session, const std::string& job_id);

 private:
  std::shared_ptr<db::Database> database_;
  std::string owner_;
  std::chrono::seconds lease_;
};

}  // namespace authorworks::generation
