#pragma once
// Draws a laid-out PageModel into a PDF with cairo: fonts embedded as subsets, the document's
// metadata and bookmarks set, and no clock involved, so the same model gives the same bytes.
#include <filesystem>
#include <string>

#include "export/pdf/page_model.hpp"

namespace authorworks::exporting::pdf {

struct PdfMetadata {
  std::string title;
  std::string author;
  std::string subject;
  std::string creator = "AuthorWorks";
  std::string created;  // "2026-11-28": the creation date written into the file
};

// Throws Error(internal) when the file cannot be written or cairo fails.
void paint_pdf(const PageModel& model, const PdfMetadata& metadata, const std::filesystem::path& destination);

}  // namespace authorworks::exporting::pdf
