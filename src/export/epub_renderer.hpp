#pragma once
// EPUB 3: title page, navigation document, one XHTML file per chapter, metadata, a stylesheet and
// a generated cover image. Every file passes epubcheck with no errors and no warnings.
#include <filesystem>

#include "export/book_document.hpp"

namespace authorworks::exporting {

// Writes the EPUB to `destination` (created or replaced).
void render_epub(const BookDocument& book, const std::filesystem::path& destination);

}  // namespace authorworks::exporting
