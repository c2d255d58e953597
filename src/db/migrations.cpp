#include "db/migrations.hpp"

#include <sodium.h>

#include <cstdio>
#include <map>
#include <stdexcept>

#include "core/log.hpp"
#include "db/migration_files.hpp"
#include "db/pool.hpp"

namespace authorworks::db {
namespace {

// pg_advisory_lock key shared by every AuthorWorks process: "AWMIGRAT".
constexpr std::int64_t kMigrationLockKey = 0x41574D4947524154;

constexpr std::string_view kSchemaMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
    "  version BIGINT PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  checksum TEXT NOT NULL,\n"
    "  applied_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}}\n"
    ")";

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

void validate(const std::vector<Migration>& migrations) {
  int previous = 0;
  for (const auto& m : migrations) {
    if (m.version <= previous) {
      throw std::invalid_argument("migration versions must be positive and increasing; " + m.label() +
                                  " comes after version " + std::to_string(previous));
    }
    if (!valid_name(m.name)) throw std::invalid_argument("migration " + m.label() + " needs a name of a-z, 0-9 and _");
    previous = m.version;
  }
}

struct Applied {
  std::string name;
  std::string checksum;
};

// Applies what is pending; `one_transaction_each` wraps every migration in its own transaction
// (PostgreSQL; on SQLite the whole run is one transaction already).
MigrationReport apply_pending(detail::PooledSession& session, Backend backend, const std::vector<Migration>& migrations,
                              bool one_transaction_each) {
  session.run_script(render_migration(kSchemaMigrationsTable, backend));
  std::map<int, Applied> applied;
  for (const auto& row : session.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version").rows) {
    applied[static_cast<int>(row.integer("version"))] = {row.text("name"), row.text("checksum")};
  }

  MigrationReport report;
  std::map<int, const Migration*> known;
  for (const auto& m : migrations) {
    known[m.version] = &m;
    const auto it = applied.find(m.version);
    if (it == applied.end()) continue;
    const auto checksum = migration_checksum(m.sql);
    if (it->second.checksum != checksum) {
      throw Error(ErrorCode::internal, "database migration " + m.label() +
                                           " was changed after it was applied (its checksum is " + checksum +
                                           ", the database recorded " + it->second.checksum +
                                           "); restore the file and put the change in a new migration");
    }
  }
  for (const auto& [version, a] : applied) {
    if (!known.contains(version)) {
      log::warn("the database has a migration this build does not know (was it applied by a newer version?)",
                {{"version", version}, {"name", a.name}});
    }
  }

  for (const auto& m : migrations) {
    if (applied.contains(m.version)) continue;
    const auto started = std::chrono::steady_clock::now();
    auto apply = [&](Session&) {
      session.run_script(render_migration(m.sql, backend));
      session.execute("INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
                      {m.version, m.name, migration_checksum(m.sql)});
    };
    if (one_transaction_each) {
      session.transaction(apply);
    } else {
      apply(session);
    }
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    log::info("applied a database migration",
              {{"migration", m.label()}, {"duration_ms", static_cast<std::int64_t>(ms)}});
    report.applied.push_back(m.label());
    applied[m.version] = {m.name, {}};
  }
  report.schema_version = applied.empty() ? 0 : applied.rbegin()->first;
  return report;
}

}  // namespace

std::string Migration::label() const {
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%04d_", version);
  return prefix + name;
}

MigrationReport Database::migrate() { return apply_migrations(embedded_migrations(backend())); }

std::vector<Migration> embedded_migrations(Backend backend) {
  const std::string_view wanted = to_string(backend);
  std::map<int, const detail::MigrationFile*> chosen;
  std::map<int, std::string_view> names;
  for (const auto& file : detail::embedded_migration_files()) {
    if (const auto n = names.find(file.version); n != names.end() && n->second != file.name) {
      throw std::logic_error("migration files " + std::string(file.file) + " and version " +
                             std::to_string(file.version) + " '" + std::string(n->second) + "' disagree on the name");
    }
    names[file.version] = file.name;
    if (!file.backend.empty() && file.backend != wanted) continue;
    auto& slot = chosen[file.version];
    if (slot == nullptr || slot->backend.empty()) slot = &file;  // a backend's own file wins
  }
  std::vector<Migration> out;
  for (const auto& [version, name] : names) {
    const auto it = chosen.find(version);
    if (it == chosen.end()) {
      throw std::logic_error("migration " + std::to_string(version) + "_" + std::string(name) + " has no file for " +
                             std::string(wanted));
    }
    out.push_back({version, std::string(name), std::string(it->second->sql)});
  }
  return out;
}

std::string render_migration(std::string_view sql, Backend backend) {
  const bool pg = backend == Backend::postgres;
  std::string out;
  out.reserve(sql.size() + 256);
  std::size_t pos = 0;
  while (pos < sql.size()) {
    const auto open = sql.find("{{", pos);
    if (open == std::string_view::npos) {
      out.append(sql.substr(pos));
      break;
    }
    out.append(sql.substr(pos, open - pos));
    const auto close = sql.find("}}", open + 2);
    if (close == std::string_view::npos) throw std::invalid_argument("a migration has an unclosed {{ token");
    const auto token = sql.substr(open + 2, close - open - 2);
    if (token == "TIMESTAMP") {
      out += pg ? "TIMESTAMPTZ(3)" : "TEXT";
    } else if (token == "NOW") {
      out += pg ? "now()" : "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
    } else if (token == "JSON") {
      out += pg ? "JSON" : "TEXT";
    } else {
      throw std::invalid_argument("a migration uses the unknown token {{" + std::string(token) +
                                  "}}; known: {{TIMESTAMP}}, {{NOW}}, {{JSON}}");
    }
    pos = close + 2;
  }
  return out;
}

std::string migration_checksum(std::string_view sql) {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(sql.data()), sql.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(sizeof hash * 2);
  for (const auto byte : hash) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0f];
  }
  return out;
}

namespace detail {

MigrationReport run_migrations(PooledSession& session, Backend backend, const std::vector<Migration>& migrations) {
  validate(migrations);
  if (backend == Backend::sqlite) {
    // One writer at a time: BEGIN IMMEDIATE takes the write lock before anything is read, and the
    // other starting processes wait for it (for up to a minute while a migration runs).
    session.run_script("PRAGMA busy_timeout = 60000");
    MigrationReport report;
    try {
      session.run_script("BEGIN IMMEDIATE");
      try {
        report = apply_pending(session, backend, migrations, false);
        session.run_script("COMMIT");
      } catch (...) {
        try {
          session.run_script("ROLLBACK");
        } catch (const std::exception&) {
        }
        throw;
      }
    } catch (...) {
      session.run_script("PRAGMA busy_timeout = 5000");
      throw;
    }
    session.run_script("PRAGMA busy_timeout = 5000");
    return report;
  }

  // PostgreSQL: a session-level advisory lock for the whole run; each migration in its own
  // transaction. The lock goes with the connection should the process die.
  session.run_script("SET lock_timeout = '60s'; SET statement_timeout = 0");
  session.query("SELECT pg_advisory_lock(?)", {kMigrationLockKey});
  auto restore = [&] {
    session.query("SELECT pg_advisory_unlock(?)", {kMigrationLockKey});
    session.run_script("RESET lock_timeout; RESET statement_timeout");
  };
  MigrationReport report;
  try {
    report = apply_pending(session, backend, migrations, true);
  } catch (...) {
    try {
      restore();
    } catch (const std::exception&) {
    }
    throw;
  }
  restore();
  return report;
}

}  // namespace detail

}  // namespace authorworks::db
