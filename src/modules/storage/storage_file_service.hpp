#pragma once
// The storage module's FileService: records in the `files` table, bytes in the blob store. A
// record's storage_key is "<bucket name>/<key>" ("authorworks-uploads/<user id>/<file id>"), so
// that a record alone says where its bytes are.
#include <memory>
#include <utility>

#include "db/database.hpp"
#include "modules/storage/file_service.hpp"

namespace authorworks {
class WorkerPool;
}

namespace authorworks::storage {

class StorageFileService final : public FileService {
 public:
  // `workers` relays downloads from a remote store while the response is sent.
  StorageFileService(std::shared_ptr<db::Database> database, std::shared_ptr<BlobStore> blobs, WorkerPool& workers);

  FileRecord store_file(const std::string& user_id, const std::string& name, const std::string& content_type,
                        Bucket bucket, const std::filesystem::path& source) override;
  std::optional<FileRecord> find(const std::string& file_id) override;
  void remove(const std::string& file_id) override;
  http::Response download(const FileRecord& file, const http::Request& request) override;

  // Records bytes already committed to the blob store under `bucket`/`key`; removes them again
  // when the record cannot be written.
  FileRecord record(FileRecord file, Bucket bucket, const std::string& key);

  BlobStore& blobs() noexcept { return *blobs_; }
  db::Database& database() noexcept { return *database_; }

  static std::string storage_key(Bucket bucket, const std::string& key);
  // The bucket and key of a storage_key; throws Error(internal) for one this service did not make.
  static std::pair<Bucket, std::string> locate(const std::string& storage_key);

 private:
  std::shared_ptr<db::Database> database_;
  std::shared_ptr<BlobStore> blobs_;
  WorkerPool& workers_;
};

}  // namespace authorworks::storage
