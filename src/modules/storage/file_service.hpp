#pragma once
// The storage module's interface to the rest of the platform: file records (the `files` table) and
// their bytes in the blob store. Inside the single binary it is a direct object; between services,
// a client of the storage service.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "storage/blob_store.hpp"

namespace authorworks::http {
class Request;
class Response;
}  // namespace authorworks::http

namespace authorworks::storage {

struct FileRecord {
  std::string id;
  std::string user_id;
  std::string name;  // sanitised, as shown to the user and sent in Content-Disposition
  std::string content_type;
  std::uint64_t size = 0;
  std::string storage_key;
  std::string sha256;
  std::string created_at;
};

class FileService {
 public:
  virtual ~FileService() = default;

  // Copies the file at `source` into `bucket` and records it as a file of `user_id`. Throws
  // Error(unavailable) when the blob store is down (nothing is recorded then).
  virtual FileRecord store_file(const std::string& user_id, const std::string& name, const std::string& content_type,
                                Bucket bucket, const std::filesystem::path& source) = 0;
  // The record, whoever owns it (callers check ownership: another user's file answers 404).
  virtual std::optional<FileRecord> find(const std::string& file_id) = 0;
  // Removes the record and then its bytes.
  virtual void remove(const std::string& file_id) = 0;
  // The response that sends the file to `request`'s client: streamed, with Range support,
  // Content-Type, Content-Disposition (attachment, the record's name) and an ETag; with S3 and
  // `?redirect=1`, a redirect to a presigned URL valid for one hour.
  virtual http::Response download(const FileRecord& file, const http::Request& request) = 0;
};

}  // namespace authorworks::storage
