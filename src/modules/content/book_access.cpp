#include "modules/content/book_access.hpp"

#include "core/error.hpp"
#include "db/database.hpp"
#include "db/ids.hpp"
#include "modules/content/book_repository.hpp"
#include "modules/content/content_context.hpp"

namespace authorworks::content {
namespace {

// `owner_of` is asked only for an id; not_found alike for no such book and somebody else's.
template <class OwnerOf>
std::string authorize(const auth::Principal& principal, const std::string& book_id, OwnerOf owner_of) {
  const auto what = "book " + book_id;
  if (!db::is_id(book_id)) throw not_found_error(what);
  const std::optional<std::string> owner = owner_of();
  if (!owner) throw not_found_error(what);
  auth::require_owner_or_admin(principal, *owner, what);
  return *owner;
}

}  // namespace

auth::Principal authorize_book(ContentContext& context, const http::Request& request, const std::string& book_id) {
  auto principal = context.authenticator->require(request);
  authorize_book(context, principal, book_id);
  return principal;
}

void authorize_book(ContentContext& context, const auth::Principal& principal, const std::string& book_id) {
  authorize(principal, book_id, [&] { return context.books->owner_of(book_id); });
}

std::string authorize_book(db::Session& s, const auth::Principal& principal, const std::string& book_id) {
  return authorize(principal, book_id, [&]() -> std::optional<std::string> {
    const auto owner = s.query("SELECT user_id FROM books WHERE id = ?", {book_id});
    if (owner.empty()) return std::nullopt;
    return owner.first().text("user_id");
  });
}

}  // namespace authorworks::content
