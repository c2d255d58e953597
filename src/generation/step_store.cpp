#include "generation/step_store.hpp"

#include "db/ids.hpp"
#include "db/timestamps.hpp"

namespace authorworks::generation {

std::optional<std::string> StepStore::find(db::Session& session, const std::string& book_id,
                                           const std::string& step_key, const std::string& job_id) const {
  const auto result =
      job_id.empty()
          ? session.query(
                "SELECT output FROM generation_steps WHERE book_id = ? AND step_key = ? ORDER BY created_at DESC "
                "LIMIT 1",
                {book_id, step_key})
          : session.query("SELECT output FROM generation_steps WHERE book_id = ? AND step_key = ? AND job_id = ?",
                          {book_id, step_key, job_id});
  if (result.empty()) return std::nullopt;
  return result.rows.front().text("output");
}

void StepStore::record(db::Session& session, const Checkpoint& step,
                       const std::function<void(db::Session&)>& land) const {
  session.transaction([&](db::Session& s) {
    const auto held = s.execute(
        "UPDATE generation_jobs SET tokens_in = tokens_in + ?, tokens_out = tokens_out + ?, cost_usd = cost_usd + ?, "
        "stage = ? WHERE id = ? AND lease_owner = ? AND status = 'running'",
        {step.tokens_in, step.tokens_out, step.cost_usd, step.stage, step.job_id, owner_});
    if (held != 1) throw LeaseLost();
    const auto now = db::now_timestamp();
    s.execute(
        "INSERT INTO generation_steps (id, job_id, book_id, step_key, stage, prompt_hash, output, tokens_in, "
        "tokens_out, cost_usd, model, duration_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {db::new_id(), step.job_id, step.book_id, step.step_key, step.stage,
         step.prompt_hash.empty() ? db::Value() : db::Value(step.prompt_hash), step.output, step.tokens_in,
         step.tokens_out, step.cost_usd, step.model.empty() ? db::Value() : db::Value(step.model), step.duration_ms,
         now});
    s.execute(
        "UPDATE books SET tokens_in = tokens_in + ?, tokens_out = tokens_out + ?, cost_usd = cost_usd + ?, "
        "updated_at = ? WHERE id = ?",
        {step.tokens_in, step.tokens_out, step.cost_usd, now, step.book_id});
    s.execute(
        "UPDATE users SET tokens_in = tokens_in + ?, tokens_out = tokens_out + ?, cost_usd = cost_usd + ? "
        "WHERE id = ?",
        {step.tokens_in, step.tokens_out, step.cost_usd, step.user_id});
    if (land) land(s);
  });
}

}  // namespace authorworks::generation
