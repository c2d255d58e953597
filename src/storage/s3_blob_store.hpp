#pragma once
// Blobs in S3-compatible storage (MinIO), addressed path-style (<endpoint>/<bucket>/<key>) and
// signed with SigV4. Objects up to 8 MiB go in one PUT; larger ones in a multipart upload of
// 8 MiB parts, so a writer holds at most one part in memory. A store that went away is prepared
// again (its buckets created) on the first write after it answers again.
#include <atomic>

#include "storage/blob_store.hpp"
#include "storage/s3_request.hpp"

namespace authorworks::storage {

class S3BlobStore final : public BlobStore {
 public:
  static constexpr std::size_t kPartSize = 8 * 1024 * 1024;

  explicit S3BlobStore(S3Endpoint endpoint);

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

  // Sends `request`; an unreachable store marks the store as needing prepare() again.
  S3Response send(const S3Request& request, const S3BodySink& sink = {});
  // Error(unavailable) or Error(upstream_failed) for an answer that is not a success.
  [[noreturn]] void fail(const std::string& what, const S3Response& response) const;

 private:
  void ensure_prepared();

  S3Endpoint endpoint_;
  std::string host_;  // the endpoint's authority, as sent in Host
  std::atomic<bool> prepared_{false};
};

}  // namespace authorworks::storage
