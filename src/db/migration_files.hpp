#pragma once
// The migration files built into the binary (generated from src/db/migrations/ by
// cmake/EmbedMigrations.cmake).
#include <span>
#include <string_view>

namespace authorworks::db::detail {

struct MigrationFile {
  int version;
  std::string_view name;
  std::string_view backend;  // "" for both, else "sqlite" or "postgres"
  std::string_view file;     // e.g. "0001_initial.sql"
  std::string_view sql;
};

std::span<const MigrationFile> embedded_migration_files();

}  // namespace authorworks::db::detail
