#pragma once
// One job's walk through the pipeline, on the thread that claimed it: braindump → genre → style →
// characters → synopsis → outline → chapter plans (in parallel) → chapters (in parallel, each
// chapter's scenes in order, every scene followed by its summary). Each step is looked up before
// the writer is called and written before the next one starts, so a job resumed anywhere pays for
// each step once. Throws what stopped it: llm::WriterError (cancelled when the stop token fired),
// LeaseLost, or Error.
#include <atomic>
#include <chrono>
#include <memory>
#include <stop_token>
#include <string>

#include "db/database.hpp"
#include "events/event_bus.hpp"
#include "generation/job_queue.hpp"
#include "llm/pricing.hpp"
#include "llm/writer.hpp"

namespace authorworks::generation {

struct RunEnvironment {
  std::shared_ptr<db::Database> database;
  std::shared_ptr<llm::Writer> writer;
  const llm::PriceTable* prices = nullptr;
  std::shared_ptr<events::EventBus> bus;
  unsigned parallelism = 4;
  std::string owner;  // the lease owner, this process's worker id
};

class JobRun {
 public:
  JobRun(RunEnvironment environment, JobRecord job, std::stop_token stop);
  ~JobRun();
  JobRun(const JobRun&) = delete;
  JobRun& operator=(const JobRun&) = delete;

  void run();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace authorworks::generation
