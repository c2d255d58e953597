#pragma once
// Pure text helpers of the database layer, kept apart so that they are unit-tested on their own.
#include <string>
#include <string_view>
#include <vector>

namespace authorworks::db::detail {

struct NumberedSql {
  std::string text;
  int parameters = 0;
};

// Rewrites the `?` placeholders of `sql` to PostgreSQL's $1, $2, ... Question marks inside string
// literals, quoted identifiers, dollar-quoted strings and comments are left alone.
NumberedSql number_placeholders(std::string_view sql);

// PostgreSQL's text output of a timestamp (TimeZone UTC, DateStyle ISO: "2026-11-28 21:55:52.12+00")
// as ISO-8601 UTC with milliseconds: "2026-11-28T21:55:52.120Z". Anything else (infinity, BC
// dates) is returned unchanged.
std::string iso_timestamp_from_postgres(std::string_view text);

// The column names of a unique violation: SQLite's "UNIQUE constraint failed: users.email, users.x"
// and PostgreSQL's detail "Key (email, x)=(...) already exists." both give {"email", "x"}.
std::vector<std::string> sqlite_unique_columns(std::string_view message);
std::vector<std::string> postgres_unique_columns(std::string_view detail);

}  // namespace authorworks::db::detail
