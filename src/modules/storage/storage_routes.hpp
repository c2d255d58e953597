#pragma once
#include <cstdint>
#include <memory>

namespace authorworks::http {
class Router;
}
namespace authorworks::auth {
class Authenticator;
}

namespace authorworks::storage {

class MimeSniffer;
class StorageFileService;

struct StorageRouteContext {
  std::shared_ptr<auth::Authenticator> authenticator;
  std::shared_ptr<StorageFileService> files;
  std::shared_ptr<MimeSniffer> sniffer;
  std::uint64_t max_upload_bytes = 0;
};

// POST /api/v1/files, GET /api/v1/files/:id, GET /api/v1/files/:id/download, DELETE /api/v1/files/:id.
void register_storage_routes(http::Router& router, std::shared_ptr<const StorageRouteContext> context);

}  // namespace authorworks::storage
