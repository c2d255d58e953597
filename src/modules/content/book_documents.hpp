#pragma once
// A whole book as the exports render it (export::BookDocument), for the storage module. The content
// module owns the books, chapters and scenes; inside the single binary this is a direct read
// (make_local_book_documents), between services one HTTP call to the content service with the
// caller's own credentials (make_remote_book_documents: GET /api/v1/books/:id/manuscript). Either
// way the content side decides who may have it: the book's owner and administrators.
#include <memory>
#include <string>

#include "auth/trusted_proxies.hpp"
#include "export/book_document.hpp"
#include "modules/content/caller.hpp"

namespace authorworks::db {
class Database;
}
namespace authorworks::services {
class ServiceClient;
}
namespace authorworks::users {
class UserDirectory;
}

namespace authorworks::content {

struct OwnedBookDocument {
  std::string owner_id;  // an export is stored as a file of the book's owner, whoever asked for it
  exporting::BookDocument book;
};

// Blocking (database or HTTP): call from the worker pool.
class BookDocuments {
 public:
  virtual ~BookDocuments() = default;
  // not_found unless the caller owns the book or is an administrator (and for a book that does not
  // exist or an id that is not one).
  virtual OwnedBookDocument load(const Caller& caller, const std::string& book_id) = 0;
};

// The author's name comes from `people`, the users module's interface: the content module reads no
// table of the users module's.
std::shared_ptr<BookDocuments> make_local_book_documents(std::shared_ptr<db::Database> database,
                                                         std::shared_ptr<users::UserDirectory> people);
// `trusted`: the proxies whose SSO headers this service believes, and so passes on.
std::shared_ptr<BookDocuments> make_remote_book_documents(std::shared_ptr<services::ServiceClient> content,
                                                          auth::TrustedProxies trusted);

}  // namespace authorworks::content
