#pragma once
#include <memory>

#include "storage/blob_store.hpp"

namespace authorworks {
struct Config;
}

namespace authorworks::storage {

// S3 at MINIO_ENDPOINT when it is set, else a local directory under DATA_DIR/blobs. Contacts
// nothing: call prepare() to create what is missing.
std::shared_ptr<BlobStore> make_blob_store(const Config& config);

}  // namespace authorworks::storage
