#pragma once
// The generation engine: GenerationService on a database, a writer, a price table and an event
// bus. The content module constructs it and calls start() in its own start() and stop() in its stop().
//
// start() runs a scheduler thread that claims queued jobs (oldest first, and running jobs whose
// lease lapsed) up to MAX_CONCURRENT_GENERATIONS at once, runs each on a thread of its own (with up
// to GENERATION_PARALLELISM chapter threads inside), and renews their leases every lease/3. stop()
// cancels running work through its stop tokens, gives the jobs back to the queue so that another
// process can take them at once, and joins every thread. The writer must be safe to call from
// several threads at once.
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "core/config.hpp"
#include "db/database.hpp"
#include "events/event_bus.hpp"
#include "generation/generation_service.hpp"
#include "generation/job_queue.hpp"
#include "llm/pricing.hpp"
#include "llm/writer.hpp"
#include "modules/messaging/notification_service.hpp"

namespace authorworks::generation {

struct EngineOptions {
  // How often the scheduler looks for queued jobs another process created; jobs created through
  // this engine wake it at once.
  std::chrono::milliseconds poll_interval{500};
  // Told when a book finishes or fails (not a regenerated scene), so that its owner gets a
  // notification; none: nobody is told beyond the events.
  std::shared_ptr<messaging::NotificationService> notifications;
};

class Engine final : public GenerationService {
 public:
  Engine(std::shared_ptr<db::Database> database, std::shared_ptr<llm::Writer> writer, llm::PriceTable prices,
         std::shared_ptr<events::EventBus> bus, GenerationConfig config, EngineOptions options = {});
  ~Engine() override;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void start();
  void stop();

  Started generate(const GenerateRequest& request) override;
  BookStatus status(const std::string& book_id) override;
  void cancel(const std::string& book_id) override;
  Started resume(const std::string& book_id) override;
  Started regenerate_scene(const std::string& book_id, int chapter, int scene) override;

  // This process's lease owner id (random per engine).
  const std::string& worker_id() const noexcept { return queue_.owner(); }
  // Jobs running in this engine now.
  std::size_t running() const;

 private:
  enum class StopReason { none, cancelled, shutdown, lease_lost };
  struct Slot;

  void schedule();
  void launch(JobRecord job);
  void run_slot(const std::shared_ptr<Slot>& slot);
  void complete(const std::shared_ptr<Slot>& slot);
  void fail(const std::shared_ptr<Slot>& slot, const std::string& error);
  void stopped(const std::shared_ptr<Slot>& slot);
  void renew_leases();
  void wake();
  void publish(const std::string& topic, std::string_view type, const std::string& json);
  void notify_owner(const JobRecord& job, const std::string& title, std::string kind, std::string headline,
                    std::string body, std::string data);

  std::shared_ptr<db::Database> database_;
  std::shared_ptr<llm::Writer> writer_;
  llm::PriceTable prices_;
  std::shared_ptr<events::EventBus> bus_;
  GenerationConfig config_;
  EngineOptions options_;
  JobQueue queue_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool started_ = false;
  bool stopping_ = false;
  bool woken_ = false;
  std::map<std::string, std::shared_ptr<Slot>> slots_;  // by job id
  std::jthread scheduler_;
};

}  // namespace authorworks::generation
