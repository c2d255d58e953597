#pragma once
// A book's generation status read from the database alone, so any process can answer it: the
// latest job, progress as finished steps over the steps the book's length plan has, an ETA from
// the pace of the latest steps, usage, and per-chapter prompt tokens per generated word.
#include <string>
#include <vector>

#include "db/database.hpp"
#include "generation/generation_service.hpp"

namespace authorworks::generation {

// Throws not_found when there is no such book.
BookStatus read_book_status(db::Session& session, const std::string& book_id);

// Per chapter: words, and the prompt tokens of its plan, scenes and summaries.
std::vector<ChapterStats> read_chapter_stats(db::Session& session, const std::string& book_id);

}  // namespace authorworks::generation
