#include "modules/db/db_module.hpp"

#include "core/config.hpp"
#include "core/log.hpp"
#include "db/database.hpp"

namespace authorworks {
namespace {

class DatabaseModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    database_ = db::Database::open(context.config.database_url, context.config.database_pool_size);
    const auto report = database_->migrate();
    std::string applied;
    for (const auto& label : report.applied) applied += (applied.empty() ? "" : ",") + label;
    log::info("database ready", {{"database", database_->describe()},
                                 {"pool_size", context.config.database_pool_size},
                                 {"schema_version", report.schema_version},
                                 {"migrations_applied", applied.empty() ? std::string("none") : applied}});
    context.services.provide<db::Database>(database_);
  }

  void stop() override { database_.reset(); }

  std::vector<ReadinessCheck> check_readiness() override {
    if (!database_) return {};
    return {database_->check()};
  }

 private:
  std::shared_ptr<db::Database> database_;
};

}  // namespace

std::unique_ptr<Module> make_db_module() { return std::make_unique<DatabaseModule>(); }

}  // namespace authorworks
