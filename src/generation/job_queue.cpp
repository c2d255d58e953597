#include "generation/job_queue.hpp"

#include "db/timestamps.hpp"

namespace authorworks::generation {
namespace {

constexpr const char* kJobColumns = "id, book_id, user_id, status, kind, chapter, scene, created_at";

JobRecord to_job(const db::Row& row) {
  JobRecord job;
  job.id = row.text("id");
  job.book_id = row.text("book_id");
  job.user_id = row.text("user_id");
  job.status = row.text("status");
  job.kind = row.text("kind");
  job.chapter = static_cast<int>(row.optional_integer("chapter").value_or(0));
  job.scene = static_cast<int>(row.optional_integer("scene").value_or(0));
  job.created_at = row.text("created_at");
  return job;
}

}  // namespace

JobQueue::JobQueue(std::shared_ptr<db::Database> database, std::string owner, std::chrono::seconds lease)
    : database_(std::move(database)), owner_(std::move(owner)), lease_(lease) {}

std::optional<JobRecord> JobQueue::claim() {
  std::optional<JobRecord> claimed;
  auto session = database_->acquire();
  const bool postgres = session->backend() == db::Backend::postgres;
  session->transaction([&](db::Session& s) {
    const auto now = db::Clock::now();
    const auto now_text = db::to_timestamp(now);
    // Queued jobs and lapsed leases compete by age alone: a job taken over keeps its place.
    std::string sql = std::string("SELECT ") + kJobColumns +
                      " FROM generation_jobs WHERE status = 'queued' OR (status = 'running' AND "
                      "(lease_expires_at IS NULL OR lease_expires_at < ?)) ORDER BY created_at, id LIMIT 1";
    if (postgres) sql += " FOR UPDATE SKIP LOCKED";
    const auto found = s.query(sql, {now_text});
    if (found.empty()) return;
    auto job = to_job(found.rows.front());
    s.execute(
        "UPDATE generation_jobs SET status = 'running', lease_owner = ?, lease_expires_at = ?, heartbeat_at = ?, "
        "attempts = attempts + 1, started_at = COALESCE(started_at, ?), error = NULL WHERE id = ?",
        {owner_, db::to_timestamp(now + lease_), now_text, now_text, job.id});
    job.status = "running";
    claimed = std::move(job);
  });
  return claimed;
}

bool JobQueue::renew(const std::string& job_id) {
  const auto now = db::Clock::now();
  return database_->execute(
             "UPDATE generation_jobs SET lease_expires_at = ?, heartbeat_at = ? WHERE id = ? AND lease_owner = ? "
             "AND status = 'running'",
             {db::to_timestamp(now + lease_), db::to_timestamp(now), job_id, owner_}) == 1;
}

bool JobQueue::release(const std::string& job_id) {
  return database_->execute(
             "UPDATE generation_jobs SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL WHERE id = ? "
             "AND lease_owner = ? AND status = 'running'",
             {job_id, owner_}) == 1;
}

bool JobQueue::finish(const std::string& job_id, std::string_view status, const std::string& error,
                      const std::function<void(db::Session&)>& land) {
  bool held = false;
  database_->transaction([&](db::Session& s) {
    held = s.execute(
               "UPDATE generation_jobs SET status = ?, error = ?, lease_owner = NULL, lease_expires_at = NULL, "
               "finished_at = ?, progress = CASE WHEN CAST(? AS TEXT) = 'completed' THEN 100 ELSE progress END "
               "WHERE id = ? AND lease_owner = ? AND status = 'running'",
               {std::string(status), error.empty() ? db::Value() : db::Value(error), db::now_timestamp(),
                std::string(status), job_id, owner_}) == 1;
    if (held && land) land(s);
  });
  return held;
}

bool JobQueue::holds(db::Session& session, const std::string& job_id) {
  return !session
              .query("SELECT 1 AS one FROM generation_jobs WHERE id = ? AND lease_owner = ? AND status = 'running'",
                     {job_id, owner_})
              .empty();
}

}  // namespace authorworks::generation
