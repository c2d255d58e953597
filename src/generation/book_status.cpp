#include "generation/book_status.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "db/timestamps.hpp"
#include "generation/length_plan.hpp"

namespace authorworks::generation {
namespace {

// The chapter number of "chapter:3:plan", "scene:3:2" or "summary:3:2"; 0 for a book-wide stage.
int chapter_of(std::string_view key) {
  const auto colon = key.find(':');
  if (colon == std::string_view::npos) return 0;
  const auto rest = key.substr(colon + 1);
  int number = 0;
  std::from_chars(rest.data(), rest.data() + rest.size(), number);
  return number;
}

// Seconds left at the pace of the last steps (up to ten), or nullopt when there is no pace yet.
std::optional<std::int64_t> eta_from_recent(const std::vector<std::string>& recent_newest_first, int remaining) {
  if (remaining <= 0 || recent_newest_first.size() < 2) return std::nullopt;
  const auto newest = db::parse_timestamp(recent_newest_first.front());
  const auto oldest = db::parse_timestamp(recent_newest_first.back());
  if (!newest || !oldest) return std::nullopt;
  const double span = std::chrono::duration<double>(*newest - *oldest).count();
  const double per_step = span / static_cast<double>(recent_newest_first.size() - 1);
  const double since_last = std::max(0.0, std::chrono::duration<double>(db::Clock::now() - *newest).count());
  return std::max<std::int64_t>(0, std::llround(per_step * remaining - std::min(since_last, per_step)));
}

}  // namespace

std::vector<ChapterStats> read_chapter_stats(db::Session& s, const std::string& book_id) {
  std::map<int, ChapterStats> by_number;
  for (const auto& row :
       s.query("SELECT number, words FROM chapters WHERE book_id = ? ORDER BY number", {book_id}).rows) {
    auto& c = by_number[static_cast<int>(row.integer("number"))];
    c.number = static_cast<int>(row.integer("number"));
    c.words = row.integer("words");
  }
  // The latest step of each key counts, as it is the one whose text the chapter holds.
  std::set<std::string> seen;
  for (const auto& row : s.query("SELECT step_key, tokens_in FROM generation_steps WHERE book_id = ? AND step_key "
                                 "LIKE '%:%' ORDER BY created_at DESC",
                                 {book_id})
                             .rows) {
    auto key = row.text("step_key");
    const int chapter = chapter_of(key);
    if (chapter == 0 || !seen.insert(std::move(key)).second) continue;
    auto it = by_number.find(chapter);
    if (it != by_number.end()) it->second.prompt_tokens += row.integer("tokens_in");
  }
  std::vector<ChapterStats> out;
  out.reserve(by_number.size());
  for (auto& [number, c] : by_number) {
    c.prompt_tokens_per_word = c.words > 0 ? static_cast<double>(c.prompt_tokens) / static_cast<double>(c.words) : 0;
    out.push_back(c);
  }
  return out;
}

BookStatus read_book_status(db::Session& s, const std::string& book_id) {
  // The job first, then the book: each statement sees what was committed before it began, and a
  // job is marked finished only after its book's words and costs are written, so a finished job
  // is never shown with the figures of a moment before (the other order could).
  const auto job = s.query(
      "SELECT id, status, stage, error, kind FROM generation_jobs WHERE book_id = ? ORDER BY created_at DESC, id LIMIT "
      "1",
      {book_id});
  const auto book = s.query(
      "SELECT id, kind, status, writer, words, target_words, tokens_in, tokens_out, cost_usd FROM books WHERE id = ?",
      {book_id});
  if (book.empty()) throw not_found_error("book");
  const auto& b = book.rows.front();
  BookStatus status;
  status.book_id = book_id;
  status.status = b.text("status");
  status.writer = b.optional_text("writer").value_or("");
  status.words = b.integer("words");
  status.target_words = b.optional_integer("target_words").value_or(0);
  status.tokens_in = b.integer("tokens_in");
  status.tokens_out = b.integer("tokens_out");
  status.cost_usd = b.real("cost_usd");

  if (!job.empty()) {
    const auto& j = job.rows.front();
    status.job_id = j.text("id");
    status.status = j.text("status");
    status.stage = j.optional_text("stage").value_or("");
    status.error = j.optional_text("error").value_or("");
    int total = 2;
    int done = 0;
    if (j.text("kind") == "book") {
      const auto kind = llm::parse_kind(b.text("kind")).value_or(llm::BookKind::novel);
      const auto plan = plan_length(kind, status.target_words);
      total = 5 + plan.chapter_count() + 2 * plan.scene_count();
      done = static_cast<int>(
          s.query("SELECT COUNT(DISTINCT step_key) AS n FROM generation_steps WHERE book_id = ?", {book_id})
              .first()
              .integer("n"));
    } else {
      done = static_cast<int>(
          s.query("SELECT COUNT(*) AS n FROM generation_steps WHERE job_id = ?", {status.job_id}).first().integer("n"));
    }
    done = std::min(done, total);
    status.progress = status.status == "completed" ? 100.0 : std::round(1000.0 * done / total) / 10;
    if (status.status == "running") {
      std::vector<std::string> recent;
      for (const auto& row : s.query("SELECT created_at FROM generation_steps WHERE job_id = ? ORDER BY created_at "
                                     "DESC LIMIT 10",
                                     {status.job_id})
                                 .rows) {
        recent.push_back(row.text("created_at"));
      }
      status.eta_seconds = eta_from_recent(recent, total - done);
    }
  }
  status.chapters = read_chapter_stats(s, book_id);
  return status;
}

}  // namespace authorworks::generation
