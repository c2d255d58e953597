#pragma once
// The generation engine as the content module's routes and the CLI see it. Jobs live in the
// database; this service claims them (leases and heartbeats), walks the pipeline on its own
// threads, writes every finished step before the next one starts, and publishes progress on the
// event bus under the topic "book:<book_id>".
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "llm/writer.hpp"

namespace authorworks::generation {

struct GenerateRequest {
  std::string user_id;
  std::string title;
  std::string braindump;
  llm::BookKind kind = llm::BookKind::novel;
  std::string genre;              // empty: the writer chooses one
  std::int64_t target_words = 0;  // 0: the kind's default
  std::uint64_t seed = 0;         // for the offline writer; 0: derived from the title and braindump
};

struct Started {
  std::string book_id;
  std::string job_id;
};

struct ChapterStats {
  int number = 0;
  std::int64_t words = 0;
  std::int64_t prompt_tokens = 0;
  double prompt_tokens_per_word = 0;  // flat from the first chapter to the last: the context is bounded
};

struct BookStatus {
  std::string book_id;
  std::string job_id;
  std::string status;   // queued, running, completed, failed, cancelled
  std::string stage;    // the current or last stage
  double progress = 0;  // 0-100
  std::int64_t words = 0;
  std::int64_t target_words = 0;
  std::int64_t tokens_in = 0;
  std::int64_t tokens_out = 0;
  double cost_usd = 0;
  std::optional<std::int64_t> eta_seconds;
  std::string writer;  // the writer's label, e.g. "Offline writer (not an AI model)"
  std::string error;   // for failed: what went wrong, in plain words
  std::vector<ChapterStats> chapters;
};

class GenerationService {
 public:
  virtual ~GenerationService() = default;
  // Validates (Error validation_failed naming the field), creates the book and its job.
  virtual Started generate(const GenerateRequest& request) = 0;
  virtual BookStatus status(const std::string& book_id) = 0;
  virtual void cancel(const std::string& book_id) = 0;  // conflict when nothing is queued or running
  // Queues the book's cancelled or failed job again from its last checkpoint; conflict otherwise.
  virtual Started resume(const std::string& book_id) = 0;
  // Generates or regenerates one scene (and refreshes the summaries after it) as a job of its own.
  virtual Started regenerate_scene(const std::string& book_id, int chapter, int scene) = 0;
};

}  // namespace authorworks::generation
