#include "export/export_format.hpp"

namespace authorworks::exporting {

std::optional<ExportFormat> parse_export_format(std::string_view text) noexcept {
  if (text == "md" || text == "markdown") return ExportFormat::markdown;
  if (text == "md-zip" || text == "markdown-zip") return ExportFormat::markdown_chapters;
  if (text == "epub") return ExportFormat::epub;
  if (text == "pdf") return ExportFormat::pdf;
  return std::nullopt;
}

std::string_view format_name(ExportFormat format) noexcept {
  switch (format) {
    case ExportFormat::markdown: return "md";
    case ExportFormat::markdown_chapters: return "md-zip";
    case ExportFormat::epub: return "epub";
    case ExportFormat::pdf: return "pdf";
  }
  return "md";
}

std::string_view content_type(ExportFormat format) noexcept {
  switch (format) {
    case ExportFormat::markdown: return "text/markdown; charset=utf-8";
    case ExportFormat::markdown_chapters: return "application/zip";
    case ExportFormat::epub: return "application/epub+zip";
    case ExportFormat::pdf: return "application/pdf";
  }
  return "application/octet-stream";
}

std::string_view file_extension(ExportFormat format) noexcept {
  switch (format) {
    case ExportFormat::markdown: return ".md";
    case ExportFormat::markdown_chapters: return ".zip";
    case ExportFormat::epub: return ".epub";
    case ExportFormat::pdf: return ".pdf";
  }
  return "";
}

}  // namespace authorworks::exporting
