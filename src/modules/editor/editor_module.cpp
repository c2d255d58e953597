#include "modules/editor/editor_module.hpp"

#include "core/config.hpp"
#include "core/log.hpp"
#include "db/database.hpp"
#include "modules/content/manuscript_text.hpp"
#include "modules/editor/document_service.hpp"
#include "modules/editor/editor_routes.hpp"
#include "modules/users/account_service.hpp"
#include "modules/users/account_service_factory.hpp"
#include "services/service_client.hpp"

namespace authorworks {
namespace {

class EditorModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    auto& services = context.services;
    auto database = services.require<db::Database>();

    auto authenticator = users::shared_authenticator(context.config, services);
    // The manuscript is the content module's: its own object when it runs in this process (it is
    // registered before the editor, so it has started), else the content service over HTTP
    // (CONTENT_SERVICE_URL) with the caller's credentials. The editor never touches its tables.
    auto manuscript = services.find<content::ManuscriptText>();
    if (!manuscript) {
      manuscript = content::make_remote_manuscript_text(
          authorworks::services::make_service_client(context.config.services, "content"),
          context.config.trusted_proxies);
      log::info("the manuscript is the content service's", {{"url", context.config.services.urls.at("content")}});
    }

    auto documents = std::make_shared<editor::DocumentService>(std::move(database), std::move(manuscript));
    editor::register_editor_routes(context.router, std::move(authenticator), std::move(documents));
  }
};

}  // namespace

std::unique_ptr<Module> make_editor_module() { return std::make_unique<EditorModule>(); }

}  // namespace authorworks
