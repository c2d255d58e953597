#include "modules/content/book_access.hpp"

#include "core/error.hpp"
#include "db/ids.hpp"
#include "modules/content/book_repository.hpp"
#include "modules/content/content_context.hpp"

namespace authorworks::content {

auth::Principal authorize_book(ContentContext& context, const http::Request& request, const std::string& book_id) {
  auto principal = context.authenticator->require(request);
  authorize_book(context, principal, book_id);
  return principal;
}

void authorize_book(ContentContext& context, const auth::Principal& principal, const std::string& book_id) {
  const auto what = "book " + book_id;
  if (!db::is_id(book_id)) throw not_found_error(what);
  const auto owner = context.books->owner_of(book_id);
  if (!owner) throw not_found_error(what);
  auth::require_owner_or_admin(principal, *owner, what);
}

}  // namespace authorworks::content
