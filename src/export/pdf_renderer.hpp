#pragma once
// Print-ready PDF, typeset with pango and cairo: 6×9 in trim, embedded serif font, justified and
// hyphenated prose, title page, contents with page numbers, chapters opening on a right-hand page,
// running heads and folios. Screenplays in screenplay format (Courier 12 pt), plays in stage-play
// layout. The same document renders the same pages every time.
#include <filesystem>

#include "export/book_document.hpp"

namespace authorworks::exporting {

// Writes the PDF to `destination` (created or replaced). Throws Error(internal) when cairo fails.
void render_pdf(const BookDocument& book, const std::filesystem::path& destination);

}  // namespace authorworks::exporting
