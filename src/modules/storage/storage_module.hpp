#pragma once
#include <memory>

#include "modules/module.hpp"

namespace authorworks {

// Files: uploads and downloads (/api/v1/files), their records, and the blob store (a local
// directory or S3). Provides storage::FileService and storage::BlobStore to other modules.
std::unique_ptr<Module> make_storage_module();

}  // namespace authorworks
