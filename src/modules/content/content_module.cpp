#include "modules/content/content_module.hpp"

#include "core/config.hpp"
#include "core/log.hpp"
#include "db/database.hpp"
#include "events/event_bus.hpp"
#include "generation/engine.hpp"
#include "llm/pricing.hpp"
#include "llm/writer.hpp"
#include "modules/content/book_catalog.hpp"
#include "modules/content/book_documents.hpp"
#include "modules/content/book_repository.hpp"
#include "modules/content/content_context.hpp"
#include "modules/content/content_routes.hpp"
#include "modules/content/manuscript_routes.hpp"
#include "modules/content/manuscript_text.hpp"
#include "modules/messaging/notification_client.hpp"
#include "modules/users/account_service_factory.hpp"
#include "modules/users/user_directory_resolver.hpp"

namespace authorworks {
namespace {

bool api_key_set(const LlmConfig& llm) {
  switch (llm.provider) {
    case LlmProvider::anthropic: return !llm.anthropic_api_key.empty();
    case LlmProvider::openai: return !llm.openai_api_key.empty();
    case LlmProvider::offline: return false;
  }
  return false;
}

class ContentModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    auto& services = context.services;
    auto database = services.require<db::Database>();

    auto authenticator = users::shared_authenticator(context.config, services);

    // The redis module, a dependency, provides the bus: Redis's, or an in-process one without REDIS_URL.
    auto bus = services.require<events::EventBus>();

    // What the editor and the storage modules read and write of books: directly in this process,
    // and through these routes when they run as services of their own.
    auto manuscript = content::make_manuscript_text(database);
    // An export names its author: the users module's to say, in this process or over HTTP.
    auto documents = content::make_local_book_documents(
        database, users::resolve_user_directory(context.config, services, context.config.trusted_proxies));
    services.provide<content::ManuscriptText>(manuscript);
    services.provide<content::BookDocuments>(documents);
    content::register_manuscript_routes(context.router, authenticator, std::move(manuscript), std::move(documents));

    generation::EngineOptions engine_options;
    engine_options.notifications = services.find<messaging::NotificationService>();
    if (!engine_options.notifications && context.config.services.configured.contains("messaging")) {
      // Running apart from the messaging module: finished and failed books are told to the
      // messaging service over HTTP, vouched for by a service token under the shared JWT_SECRET.
      const auto& url = context.config.services.urls.at("messaging");
      engine_options.notifications =
          std::make_shared<messaging::NotificationClient>(url, users::session_token_key(context.config));
      log::info("book notifications go to the messaging service", {{"url", url}});
    }

    std::shared_ptr<llm::Writer> writer = llm::make_writer(context.config.llm);
    const auto writer_info = writer->info();
    const auto& writer_label = writer_info.label;
    engine_ = std::make_shared<generation::Engine>(database, std::move(writer),
                                                   llm::PriceTable::load(context.config.llm.prices), bus,
                                                   context.config.generation, std::move(engine_options));
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
    shared->writer = writer_info;
    shared->writer_api_key_set = api_key_set(context.config.llm);
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
