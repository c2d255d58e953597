#pragma once
// The storage module's table: files. Plain functions over a db::Session.
#include <optional>
#include <string>

#include "db/database.hpp"
#include "modules/storage/file_service.hpp"

namespace authorworks::storage {

struct FileStore {
  // Inserts `file` (id, user_id, name, content_type, size, storage_key, sha256); created_at is set
  // by the database and filled in on return.
  static FileRecord insert(db::Session& session, FileRecord file);
  static std::optional<FileRecord> find(db::Session& session, const std::string& id);
  // True when a row was removed.
  static bool remove(db::Session& session, const std::string& id);
};

}  // namespace authorworks::storage
