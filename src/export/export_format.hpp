#pragma once
// The formats a book exports to, and what a download of each is called.
#include <optional>
#include <string_view>

namespace authorworks::exporting {

enum class ExportFormat {
  markdown,           // the whole book in one .md file
  markdown_chapters,  // a .zip with one .md file per chapter
  epub,               // EPUB 3
  pdf,                // print-ready PDF, 6×9 in
};

// "md" / "markdown", "md-zip" / "markdown-zip", "epub", "pdf"; nullopt otherwise.
std::optional<ExportFormat> parse_export_format(std::string_view text) noexcept;
// "md", "md-zip", "epub", "pdf": the name used in URLs and the exports table.
std::string_view format_name(ExportFormat format) noexcept;
std::string_view content_type(ExportFormat format) noexcept;
// ".md", ".zip", ".epub", ".pdf".
std::string_view file_extension(ExportFormat format) noexcept;

}  // namespace authorworks::exporting
