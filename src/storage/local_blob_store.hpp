#pragma once
// Blobs as files under a directory (DATA_DIR/blobs/<bucket>/<key>): the default store. A write goes
// to a temporary file beside its target, is flushed to disk (fsync) and renamed over the target,
// so a reader sees the old bytes or the new ones, never half of them, even after a crash.
#include <filesystem>

#include "storage/blob_store.hpp"

namespace authorworks::storage {

class LocalBlobStore final : public BlobStore {
 public:
  explicit LocalBlobStore(std::filesystem::path root);

  std::string describe() const override;
  std::unique_ptr<BlobWriter> open_writer(Bucket bucket, const std::string& key,
                                          std::string_view content_type) override;
  void read(Bucket bucket, const std::string& key, std::uint64_t offset, std::optional<std::uint64_t> length,
            const BlobSink& sink) override;
  std::optional<BlobInfo> stat(Bucket bucket, const std::string& key) override;
  void remove(Bucket bucket, const std::string& key) override;
  std::optional<std::filesystem::path> local_path(Bucket bucket, const std::string& key) const override;
  std::optional<std::string> presigned_get_url(Bucket bucket, const std::string& key,
                                               std::chrono::seconds ttl) const override;
  void prepare() override;
  ReadinessCheck check() override;

  // Where `key` of `bucket` lives (whether or not it exists). Throws std::invalid_argument for a
  // key that could leave the bucket.
  std::filesystem::path path_of(Bucket bucket, const std::string& key) const;

 private:
  std::filesystem::path root_;
};

}  // namespace authorworks::storage
