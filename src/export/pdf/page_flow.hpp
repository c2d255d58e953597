#pragma once
// Pours set paragraphs onto the rows of a PageModel's pages: a cursor (page, row), page breaks,
// right-hand starts, and paragraphs broken across pages with widow and orphan control.
#include <string>

#include "export/pdf/page_model.hpp"

namespace authorworks::exporting::pdf {

class PageFlow {
 public:
  explicit PageFlow(PageModel& model) : model_(model) {}

  // Starts a new page (1-based number returned); body pages carry the current section.
  int begin_page(PageRole role);
  // Starts a new page that is a recto, leaving a blank verso first when needed.
  int begin_recto(PageRole role);
  void set_section(std::string section) { section_ = std::move(section); }

  int page_number() const noexcept { return static_cast<int>(model_.pages.size()); }
  int row() const noexcept { return row_; }
  void move_to_row(int row) noexcept { row_ = row; }
  int rows_left() const noexcept { return model_.geometry.rows - row_; }
  bool at_top() const noexcept { return row_ == top_row_; }
  // The row that counts as the top of the current page (a chapter opening sinks it).
  void set_top_row(int row) noexcept { top_row_ = row_ = row; }

  // Blank rows between blocks; none at the top of a page, where space would only push text down.
  void skip(int rows);
  // Lines [from, from + count) of a paragraph on the next rows, `indent` points from the block's edge.
  void place_lines(const SetParagraph& paragraph, int from, int count, double indent = 0);
  // A line at an exact position, outside the row grid (headings, running heads, folios).
  void place_at(const SetParagraph& paragraph, int line, double x, double baseline);
  // The whole paragraph, broken across pages as often as needed, never leaving fewer than `orphans`
  // lines at a page's foot or `widows` at the next page's head when the paragraph allows it.
  void place_paragraph(const SetParagraph& paragraph, double indent = 0, int orphans = 2, int widows = 2);

 private:
  PageModel& model_;
  std::string section_;
  int row_ = 0;
  int top_row_ = 0;
};

}  // namespace authorworks::exporting::pdf
