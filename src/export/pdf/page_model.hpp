#pragma once
// The laid-out book: every page with the lines on it, decided before anything is drawn, so that the
// contents can name the pages chapters start on. Lines are placed on a baseline grid of fixed rows;
// a line's x is measured from the left edge of the text block, which moves with the page's side.
#include <string>
#include <vector>

#include "export/pdf/typesetter.hpp"

namespace authorworks::exporting::pdf {

struct PlacedLine {
  LayoutHandle layout;
  int line = 0;         // the line's index in its layout
  double x = 0;         // from the text block's left edge
  double baseline = 0;  // from the page's top edge
};

enum class PageRole { title, imprint, blank, contents, opening, body };

struct Page {
  PageRole role = PageRole::body;
  std::string section;  // the chapter (act, sequence) the page belongs to: the recto running head
  std::vector<PlacedLine> lines;
};

struct PageGeometry {
  double width = 0;
  double height = 0;
  double inside = 0;     // the margin at the spine: the left margin of a recto (odd) page
  double outside = 0;    // the margin at the fore-edge
  bool mirrored = true;  // false: every page has `inside` on the left (scripts, printed one-sided)
  double text_top = 0;   // the top of the first row
  int rows = 0;          // rows of text per page
  double row_height = 0;
  double baseline_offset = 0;  // from a row's top to its baseline

  double text_width() const noexcept { return width - inside - outside; }
  double left_margin(int page_number) const noexcept { return !mirrored || page_number % 2 == 1 ? inside : outside; }
  double baseline(int row) const noexcept { return text_top + row * row_height + baseline_offset; }
};

struct OutlineEntry {
  std::string title;
  int page = 0;  // 1-based
};

struct PageModel {
  PageGeometry geometry;
  std::vector<Page> pages;
  std::vector<OutlineEntry> outline;  // the PDF's bookmarks
};

}  // namespace authorworks::exporting::pdf
