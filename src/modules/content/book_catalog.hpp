#pragma once
// The content module's interface to the other modules: what they may ask about books. Inside the
// single binary it is a direct call (make_local_book_catalog); between services an HTTP call to the
// content service with the caller's own credentials (make_remote_book_catalog). Either way the
// content module decides who sees what: the owner and administrators see a user's books, anybody
// else is told they do not exist.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "auth/authenticator.hpp"
#include "auth/trusted_proxies.hpp"
#include "modules/content/book_repository.hpp"
#include "modules/content/caller.hpp"

namespace authorworks::services {
class ServiceClient;
}

namespace authorworks::content {

struct BookPage {
  std::vector<BookSummary> books;
  std::int64_t total = 0;
};

// Blocking (database or HTTP): call from the worker pool.
class BookCatalog {
 public:
  virtual ~BookCatalog() = default;
  // The books `user_id` owns, most recently changed first. not_found unless the caller is that user
  // or an administrator.
  virtual BookPage books_of(const Caller& caller, const std::string& user_id, std::int64_t limit,
                            std::int64_t offset) = 0;
  // One book with its chapters, scenes and text. not_found unless the caller owns it or is an
  // administrator (and for a book that does not exist).
  virtual BookRecord book(const Caller& caller, const std::string& book_id) = 0;
};

std::shared_ptr<BookCatalog> make_local_book_catalog(std::shared_ptr<BookRepository> books);
// `trusted`: the proxies whose SSO headers this service believes, and so passes on.
std::shared_ptr<BookCatalog> make_remote_book_catalog(std::shared_ptr<services::ServiceClient> content,
                                                      auth::TrustedProxies trusted);

}  // namespace authorworks::content
