#pragma once
#include <string>

#include "auth/authenticator.hpp"

namespace authorworks::db {
class Session;
}

namespace authorworks::content {

struct ContentContext;

// The signed-in user, allowed to see and change `book_id`: its owner or an administrator. Throws
// Error(unauthenticated) without credentials, and not_found for a book that does not exist, is
// not an id, or belongs to somebody else (the same answer, so that ids cannot be probed).
auth::Principal authorize_book(ContentContext& context, const http::Request& request, const std::string& book_id);
// For a principal already known (the WebSocket's upgrade request).
void authorize_book(ContentContext& context, const auth::Principal& principal, const std::string& book_id);
// The same check on `s` (a transaction or a session that goes on to read the book); returns the
// book's owner.
std::string authorize_book(db::Session& s, const auth::Principal& principal, const std::string& book_id);

}  // namespace authorworks::content
