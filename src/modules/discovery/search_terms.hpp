#pragma once
// What a reader typed into the search box, as full-text terms. Only letters and digits make a
// term (anything else separates terms), so that no operator of either search syntax ever reaches
// the database from a reader; every term is matched as a prefix, so "drag" finds "Dragons".
#include <string>
#include <string_view>
#include <vector>

namespace authorworks::discovery {

// At most `max_terms` terms, lowercased (ASCII; other letters are kept as written).
std::vector<std::string> search_terms(std::string_view query, std::size_t max_terms = 12);

// SQLite FTS5 MATCH expression: "term"* AND "term"* ...
std::string fts5_match(const std::vector<std::string>& terms);
// PostgreSQL to_tsquery('simple', ...) text: term:* & term:* ...
std::string tsquery_text(const std::vector<std::string>& terms);

}  // namespace authorworks::discovery
