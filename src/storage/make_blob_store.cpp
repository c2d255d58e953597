#include "storage/make_blob_store.hpp"

#include "core/config.hpp"
#include "storage/local_blob_store.hpp"
#include "storage/s3_blob_store.hpp"

namespace authorworks::storage {

std::shared_ptr<BlobStore> make_blob_store(const Config& config) {
  if (config.minio_endpoint.empty()) return std::make_shared<LocalBlobStore>(config.data_dir / "blobs");
  return std::make_shared<S3BlobStore>(
      S3Endpoint{config.minio_endpoint,
                 SigV4Credentials{config.minio_access_key, config.minio_secret_key, config.minio_region, "s3"}});
}

}  // namespace authorworks::storage
