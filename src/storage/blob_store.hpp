#pragma once
// Where file bytes live: a directory under DATA_DIR (the default) or S3-compatible storage (MinIO)
// when MINIO_ENDPOINT is set. Keys are relative paths made by the application ("<user>/<file id>"),
// never a user's file name. Every call blocks (disk or network): call it from a worker thread.
//
// Errors: a missing object is Error(not_found); a store that cannot be reached is
// Error(unavailable) with a message that says so ("the object store at http://minio:9000 is not
// answering"), so uploads and exports answer 503 while everything else carries on.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "modules/module.hpp"

namespace authorworks::storage {

enum class Bucket { books, exports, uploads };

// "authorworks-books", "authorworks-exports", "authorworks-uploads".
std::string_view bucket_name(Bucket bucket) noexcept;

struct BlobInfo {
  std::uint64_t size = 0;
  std::string etag;  // changes whenever the bytes do
};

// Bytes written in order; nothing is visible under the key until commit() (a local file is written
// to a temporary name and renamed; S3 sends one PUT, or a multipart upload above 8 MB). Destroying
// a writer that was not committed abandons the upload and leaves no object behind.
class BlobWriter {
 public:
  virtual ~BlobWriter() = default;
  virtual void write(std::string_view bytes) = 0;
  virtual BlobInfo commit() = 0;
};

// Receives the bytes of a read, in order, in pieces of bounded size.
using BlobSink = std::function<void(std::string_view bytes)>;

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // "local directory /data/blobs" or "S3 at http://minio:9000", for logs and /ready.
  virtual std::string describe() const = 0;

  virtual std::unique_ptr<BlobWriter> open_writer(Bucket bucket, const std::string& key,
                                                  std::string_view content_type) = 0;
  // Reads `length` bytes from `offset` (to the end when unset) into `sink`.
  virtual void read(Bucket bucket, const std::string& key, std::uint64_t offset, std::optional<std::uint64_t> length,
                    const BlobSink& sink) = 0;
  virtual std::optional<BlobInfo> stat(Bucket bucket, const std::string& key) = 0;
  // Removing a missing object is not an error.
  virtual void remove(Bucket bucket, const std::string& key) = 0;

  // The object as a file on this machine, when the store is a local directory, so downloads are
  // sent straight from disk; nullopt for remote stores.
  virtual std::optional<std::filesystem::path> local_path(Bucket bucket, const std::string& key) const = 0;
  // A URL that lets anyone holding it GET the object until `ttl` has passed (SigV4 query signing);
  // nullopt when the store cannot make one (a local directory).
  virtual std::optional<std::string> presigned_get_url(Bucket bucket, const std::string& key,
                                                       std::chrono::seconds ttl) const = 0;

  // Creates what the store needs (the buckets, the directory) when missing; throws
  // Error(unavailable) when the store cannot be reached. Called at start-up and again after an outage.
  virtual void prepare() = 0;
  // A quick probe for /ready (a bounded HEAD of a bucket, a directory check).
  virtual ReadinessCheck check() = 0;
};

}  // namespace authorworks::storage
