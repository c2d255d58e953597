#pragma once
// Versioned schema migrations: the ones built into the binary, the per-backend rendering of their
// dialect tokens, and the runner behind Database::migrate(). See src/db/migrations/README.md.
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace authorworks::db {

// The migrations built into this binary for `backend`, in version order.
std::vector<Migration> embedded_migrations(Backend backend);

// Replaces the dialect tokens ({{TIMESTAMP}}, {{NOW}}, {{JSON}}) with `backend`'s SQL. Throws
// std::invalid_argument for an unknown token.
std::string render_migration(std::string_view sql, Backend backend);

// Hex SHA-256 of a migration's text as written (before the tokens are replaced).
std::string migration_checksum(std::string_view sql);

namespace detail {
class PooledSession;
MigrationReport run_migrations(PooledSession& session, Backend backend, const std::vector<Migration>& migrations);
}  // namespace detail

}  // namespace authorworks::db
