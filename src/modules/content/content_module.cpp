#include "modules/content/content_module.hpp"

#include "core/config.hpp"
#include "core/log.hpp"
#include "db/database.hpp"
#include "events/event_bus.hpp"
#include "generation/engine.hpp"
#include "llm/pricing.hpp"
#include "llm/writer.hpp"
#include "modules/content/book_catalog.hpp"
#include "modules/content/book_repository.hpp"
#include "modules/content/content_context.hpp"
#include "modules/content/content_routes.hpp"
#include "modules/users/account_service.hpp"
#include "modules/users/account_service_factory.hpp"

namespace authorworks {
namespace {

class ContentModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    auto& services = context.services;
    auto database = services.require<db::Database>();

    auto authenticator = services.find<auth::Authenticator>();
    if (!authenticator) {
      // Running as its own service (--target content), without the users
      // module: the same tokens and cookies are understood through an account
      // service of its own on the shared database.
      authenticator = users::make_account_service(context.config, services);
      services.provide<auth::Authenticator>(authenticator);
    }

    auto bus = services.find<events::EventBus>();
    if (!bus) {
      bus = events::make_in_process_bus();
      services.provide<events::EventBus>(bus);
    }

    std::shared_ptr<llm::Writer> writer = llm::make_writer(context.config.llm);
    const auto writer_label = writer->info().label;
    engine_ = std::make_shared<generation::Engine>(
        database, std::move(writer), llm::PriceTable::load(context.config.llm.prices), bus, context.config.generation);
    engine_->start();
    services.provide<generation::GenerationService>(engine_);
    log::info("generation engine started", {{"writer", writer_label},
                                            {"max_concurrent", context.config.generation.max_concurrent},
                                            {"parallelism", context.config.generation.parallelism}});

    auto shared = std::make_shared<content::ContentContext>();
    shared->authenticator = std::move(authenticator);
    shared->generation = engine_;
    shared->bus = std::move(bus);
    shared->books = std::make_shared<content::BookRepository>(std::move(database));
    services.provide<content::BookCatalog>(content::make_local_book_catalog(shared->books));
    shared->workers = &context.workers;
    content::register_content_routes(context.router, std::move(shared));
  }

  // Running jobs give their leases back, so another process (or this one after
  // a restart) takes them over at once instead of waiting for the lease to
  // lapse.
  void stop() override {
    if (engine_) engine_->stop();
    engine_.reset();
  }

 private:
  std::shared_ptr<generation::Engine> engine_;
};

}  // namespace

std::unique_ptr<Module> make_content_module() { return std::make_unique<ContentModule>(); }

}  // namespace authorworks
