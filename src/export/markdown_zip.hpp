#pragma once
// The Markdown zip export: one file per chapter, each with its own front matter.
#include <filesystem>

#include "export/book_document.hpp"

namespace authorworks::exporting {

// Writes a zip of render_chapter_files(book) to `destination` (created or replaced), the entries
// named by chapter_file_name in chapter order.
void write_markdown_zip(const BookDocument& book, const std::filesystem::path& destination);

}  // namespace authorworks::exporting
