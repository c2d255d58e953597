#include "modules/storage/storage_module.hpp"

#include "core/config.hpp"
#include "core/log.hpp"
#include "db/database.hpp"
#include "modules/content/book_documents.hpp"
#include "modules/storage/book_exports.hpp"
#include "modules/storage/export_routes.hpp"
#include "modules/storage/storage_file_service.hpp"
#include "modules/storage/storage_routes.hpp"
#include "modules/users/account_service.hpp"
#include "modules/users/account_service_factory.hpp"
#include "services/service_client.hpp"
#include "storage/make_blob_store.hpp"
#include "storage/mime_sniffer.hpp"

namespace authorworks {
namespace {

class StorageModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    auto& services = context.services;
    auto authenticator = users::shared_authenticator(context.config, services);

    blobs_ = storage::make_blob_store(context.config);
    try {
      blobs_->prepare();
      log::info("object store ready", {{"store", blobs_->describe()}});
    } catch (const Error& e) {
      // Not fatal: everything but files carries on, /ready says why, and the store is prepared
      // again on the first upload once it answers.
      log::warn("object store unavailable", {{"store", blobs_->describe()}, {"error", e.detail()}});
    }
    files_ = std::make_shared<storage::StorageFileService>(services.require<db::Database>(), blobs_, context.workers);
    services.provide<storage::BlobStore>(blobs_);
    services.provide<storage::FileService>(files_);

    auto routes = std::make_shared<storage::StorageRouteContext>();
    const auto authenticator_for_exports = authenticator;
    routes->authenticator = std::move(authenticator);
    routes->files = files_;
    routes->sniffer = std::make_shared<storage::MimeSniffer>();
    routes->max_upload_bytes = context.config.max_upload_bytes;
    storage::register_storage_routes(context.router, std::move(routes));

    // Books' exports are files too: rendered on the worker pool, stored in the exports bucket.
    auto exports = std::make_shared<storage::ExportRouteContext>();
    exports->authenticator = authenticator_for_exports;
    exports->files = files_;
    // Books are the content module's: read directly when it runs in this process (it is registered
    // before storage, so it has started), else from the content service over HTTP.
    auto books = services.find<content::BookDocuments>();
    if (!books) {
      books = content::make_remote_book_documents(
          authorworks::services::make_service_client(context.config.services, "content"),
          context.config.trusted_proxies);
      log::info("books to export come from the content service", {{"url", context.config.services.urls.at("content")}});
    }
    exports->exports = std::make_shared<storage::BookExports>(services.require<db::Database>(), std::move(books),
                                                              files_, context.config.data_dir / "tmp");
    storage::register_export_routes(context.router, std::move(exports));
  }

  void stop() override {
    files_.reset();
    blobs_.reset();
  }

  std::vector<ReadinessCheck> check_readiness() override {
    if (!blobs_) return {};
    return {blobs_->check()};
  }

 private:
  std::shared_ptr<storage::BlobStore> blobs_;
  std::shared_ptr<storage::StorageFileService> files_;
};

}  // namespace

std::unique_ptr<Module> make_storage_module() { return std::make_unique<StorageModule>(); }

}  // namespace authorworks
