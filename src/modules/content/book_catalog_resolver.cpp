#include "modules/content/book_catalog_resolver.hpp"

#include <mutex>

#include "core/config.hpp"
#include "modules/service_registry.hpp"
#include "services/service_client.hpp"

namespace authorworks::content {
namespace {

class ResolvedBookCatalog final : public BookCatalog {
 public:
  ResolvedBookCatalog(const ServicesConfig& config, const ServiceRegistry& services, auth::TrustedProxies trusted)
      : config_(config), services_(&services), trusted_(std::move(trusted)) {}

  BookPage books_of(const Caller& caller, const std::string& user_id, std::int64_t limit,
                    std::int64_t offset) override {
    return catalog().books_of(caller, user_id, limit, offset);
  }

  BookRecord book(const Caller& caller, const std::string& book_id) override { return catalog().book(caller, book_id); }

 private:
  BookCatalog& catalog() {
    std::call_once(resolved_, [this] {
      catalog_ = services_->find<BookCatalog>();
      if (!catalog_) {
        catalog_ = make_remote_book_catalog(services::make_service_client(config_, "content"), trusted_);
      }
      services_ = nullptr;  // never looked at again
    });
    return *catalog_;
  }

  ServicesConfig config_;
  const ServiceRegistry* services_;
  auth::TrustedProxies trusted_;
  std::once_flag resolved_;
  std::shared_ptr<BookCatalog> catalog_;
};

}  // namespace

std::shared_ptr<BookCatalog> resolve_book_catalog(const Config& config, const ServiceRegistry& services,
                                                  auth::TrustedProxies trusted) {
  return std::make_shared<ResolvedBookCatalog>(config.services, services, std::move(trusted));
}

}  // namespace authorworks::content
