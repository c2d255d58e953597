#include "modules/storage/file_store.hpp"

namespace authorworks::storage {
namespace {

constexpr std::string_view kColumns = "id, user_id, name, content_type, size, storage_key, sha256, created_at";

FileRecord from_row(const db::Row& row) {
  FileRecord f;
  f.id = row.text("id");
  f.user_id = row.text("user_id");
  f.name = row.text("name");
  f.content_type = row.text("content_type");
  f.size = static_cast<std::uint64_t>(row.integer("size"));
  f.storage_key = row.text("storage_key");
  f.sha256 = row.optional_text("sha256").value_or("");
  f.created_at = row.text("created_at");
  return f;
}

}  // namespace

FileRecord FileStore::insert(db::Session& session, FileRecord file) {
  session.execute(
      "INSERT INTO files (id, user_id, name, content_type, size, storage_key, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {file.id, file.user_id, file.name, file.content_type, file.size, file.storage_key, file.sha256});
  auto stored = find(session, file.id);
  if (!stored) throw Error(ErrorCode::internal, "a file record vanished right after it was written");
  return std::move(*stored);
}

std::optional<FileRecord> FileStore::find(db::Session& session, const std::string& id) {
  const auto result = session.query("SELECT " + std::string(kColumns) + " FROM files WHERE id = ?", {id});
  if (result.empty()) return std::nullopt;
  return from_row(result.rows.front());
}

bool FileStore::remove(db::Session& session, const std::string& id) {
  return session.execute("DELETE FROM files WHERE id = ?", {id}) > 0;
}

}  // namespace authorworks::storage
