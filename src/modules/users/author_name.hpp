#pragma once
// The name a person writes under, as exports print it on a book.
#include <optional>
#include <string>

#include "db/database.hpp"

namespace authorworks::users {

// Their display name, else their username.
std::string author_name(const std::string& display_name, const std::string& username);

// author_name of the user `user_id`, read from the users table; nullopt when there is no such user.
// The users module's own read: other modules ask UserDirectory, and only commands that are the
// whole application in one process (authorworks generate, export) call this directly.
std::optional<std::string> find_author_name(db::Session& s, const std::string& user_id);

}  // namespace authorworks::users
