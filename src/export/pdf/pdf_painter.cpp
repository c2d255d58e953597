#include "export/pdf/pdf_painter.hpp"

#include <cairo-pdf.h>

#include <cstdio>
#include <memory>

#include "core/error.hpp"

namespace authorworks::exporting::pdf {
namespace {

struct FileClose {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileClose>;

cairo_status_t write_to_file(void* closure, const unsigned char* data, unsigned int length) {
  auto* file = static_cast<std::FILE*>(closure);
  return std::fwrite(data, 1, length, file) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// cairo wants ISO 8601 with a time; a date that is not "YYYY-MM-DD" becomes the epoch rather than
// the clock, which would make every export of the same book differ.
std::string pdf_date(const std::string& date) {
  const bool well_formed = date.size() == 10 && date[4] == '-' && date[7] == '-' && is_digit(date[0]) &&
                           is_digit(date[1]) && is_digit(date[2]) && is_digit(date[3]) && is_digit(date[5]) &&
                           is_digit(date[6]) && is_digit(date[8]) && is_digit(date[9]);
  return (well_formed ? date : std::string("1970-01-01")) + "T00:00:00Z";
}

void check(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw Error(ErrorCode::internal,
                std::string("PDF rendering failed (") + what + "): " + cairo_status_to_string(status));
  }
}

}  // namespace

void paint_pdf(const PageModel& model, const PdfMetadata& metadata, const std::filesystem::path& destination) {
  File file(std::fopen(destination.c_str(), "wb"));
  if (!file) throw Error(ErrorCode::internal, "cannot write the PDF to " + destination.string());
  static constexpr std::size_t kBuffer = 1 << 16;
  std::setvbuf(file.get(), nullptr, _IOFBF, kBuffer);

  const auto& g = model.geometry;
  auto* surface = cairo_pdf_surface_create_for_stream(&write_to_file, file.get(), g.width, g.height);
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface_owner(surface, &cairo_surface_destroy);
  check(cairo_surface_status(surface), "surface");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title.c_str());
  if (!metadata.author.empty())
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, metadata.author.c_str());
  if (!metadata.subject.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, metadata.subject.c_str());
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, metadata.creator.c_str());
  const auto date = pdf_date(metadata.created);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());

  auto* cr = cairo_create(surface);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr_owner(cr, &cairo_destroy);
  for (std::size_t i = 0; i < model.pages.size(); ++i) {
    const double left = g.left_margin(static_cast<int>(i) + 1);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (const auto& placed : model.pages[i].lines) {
      auto* line = pango_layout_get_line_readonly(placed.layout.get(), placed.line);
      if (line == nullptr) continue;
      cairo_move_to(cr, left + placed.x, placed.baseline);
      pango_cairo_show_layout_line(cr, line);
    }
    cairo_show_page(cr);
  }
  for (const auto& entry : model.outline) {
    const auto link = "page=" + std::to_string(entry.page);
    cairo_pdf_surface_add_outline(surface, CAIRO_PDF_OUTLINE_ROOT, entry.title.c_str(), link.c_str(),
                                  CAIRO_PDF_OUTLINE_FLAG_OPEN);
  }
  check(cairo_status(cr), "drawing");
  cr_owner.reset();
  cairo_surface_finish(surface);
  check(cairo_surface_status(surface), "finishing");
  surface_owner.reset();
  if (std::fflush(file.get()) != 0) throw Error(ErrorCode::internal, "cannot write the PDF to " + destination.string());
}

}  // namespace authorworks::exporting::pdf
