#pragma once
#include <memory>

#include "modules/content/book_catalog.hpp"

namespace authorworks {
struct Config;
class ServiceRegistry;
}  // namespace authorworks

namespace authorworks::content {

// The book catalog for a module of another service: the content module's own when it runs in this
// process, else the content service's over HTTP (CONTENT_SERVICE_URL). The choice is made on first
// use, once every module has started, since modules need not start after the content module.
// `services` must outlive the first call.
std::shared_ptr<BookCatalog> resolve_book_catalog(const Config& config, const ServiceRegistry& services,
                                                  auth::TrustedProxies trusted);

}  // namespace authorworks::content
