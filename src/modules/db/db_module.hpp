#pragma once
#include <memory>

#include "modules/module.hpp"

namespace authorworks {

// The database as a service of its own: opens DATABASE_URL (SQLite under DATA_DIR by default),
// applies the pending migrations, offers the db::Database to the modules that depend on it
// (services.require<db::Database>()) and reports it to /ready. Internal: no port of its own.
std::unique_ptr<Module> make_db_module();

}  // namespace authorworks
