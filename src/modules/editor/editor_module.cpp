#include "modules/editor/editor_module.hpp"

#include "db/database.hpp"
#include "modules/content/manuscript_text.hpp"
#include "modules/editor/document_service.hpp"
#include "modules/editor/editor_routes.hpp"
#include "modules/users/account_service.hpp"
#include "modules/users/account_service_factory.hpp"

namespace authorworks {
namespace {

class EditorModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    auto& services = context.services;
    auto database = services.require<db::Database>();

    auto authenticator = users::shared_authenticator(context.config, services);
    // Without the content module in this process, the manuscript is reached the same way it would
    // be inside it: through the content side's own implementation on the shared database.
    auto manuscript = services.find<content::ManuscriptText>();
    if (!manuscript) {
      manuscript = content::make_manuscript_text(database);
      services.provide<content::ManuscriptText>(manuscript);
    }

    auto documents = std::make_shared<editor::DocumentService>(std::move(database), std::move(manuscript));
    editor::register_editor_routes(context.router, std::move(authenticator), std::move(documents));
  }
};

}  // namespace

std::unique_ptr<Module> make_editor_module() { return std::make_unique<EditorModule>(); }

}  // namespace authorworks
