#pragma once
// One entry point for every export format, for the export routes and `authorworks export`.
#include <filesystem>
#include <string>

#include "export/book_document.hpp"
#include "export/export_format.hpp"

namespace authorworks::exporting {

// Writes `book` in `format` to `destination` (created or replaced). Blocks for as long as the
// rendering takes: call it from a worker thread.
void render_export(const BookDocument& book, ExportFormat format, const std::filesystem::path& destination);

// A fingerprint of everything the file in `format` is made from: the same book renders the same
// bytes, so an export stored under this hash is still current. It changes with the text, the
// metadata and the renderer's own version.
std::string export_content_hash(const BookDocument& book, ExportFormat format);

// "<slug of the title><extension>", the name a download is saved under.
std::string export_file_name(const BookDocument& book, ExportFormat format);

}  // namespace authorworks::exporting
