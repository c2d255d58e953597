#include "modules/content/book_catalog_resolver.hpp"

#include "core/config.hpp"
#include "modules/resolved_on_first_use.hpp"
#include "services/service_client.hpp"

namespace authorworks::content {
namespace {

class ResolvedBookCatalog final : public BookCatalog {
 public:
  ResolvedBookCatalog(const ServicesConfig& config, const ServiceRegistry& services, auth::TrustedProxies trusted)
      : catalog_(services, [config, trusted = std::move(trusted)] {
          return make_remote_book_catalog(services::make_service_client(config, "content"), trusted);
        }) {}

  BookPage books_of(const Caller& caller, const std::string& user_id, std::int64_t limit,
                    std::int64_t offset) override {
    return catalog_.get().books_of(caller, user_id, limit, offset);
  }

  BookRecord book(const Caller& caller, const std::string& book_id) override {
    return catalog_.get().book(caller, book_id);
  }

 private:
  ResolvedOnFirstUse<BookCatalog> catalog_;
};

}  // namespace

std::shared_ptr<BookCatalog> resolve_book_catalog(const Config& config, const ServiceRegistry& services,
                                                  auth::TrustedProxies trusted) {
  return std::make_shared<ResolvedBookCatalog>(config.services, services, std::move(trusted));
}

}  // namespace authorworks::content
