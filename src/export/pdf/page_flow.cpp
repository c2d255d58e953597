#include "export/pdf/page_flow.hpp"

#include <algorithm>

namespace authorworks::exporting::pdf {

int PageFlow::begin_page(PageRole role) {
  Page page;
  page.role = role;
  page.section = section_;
  model_.pages.push_back(std::move(page));
  row_ = top_row_ = 0;
  return page_number();
}

int PageFlow::begin_recto(PageRole role) {
  if (page_number() % 2 == 1) begin_page(PageRole::blank);
  return begin_page(role);
}

void PageFlow::skip(int rows) {
  if (at_top()) return;
  row_ = std::min(row_ + rows, model_.geometry.rows);
}

void PageFlow::place_lines(const SetParagraph& paragraph, int from, int count, double indent) {
  auto& page = model_.pages.back();
  for (int line = from; line < from + count; ++line) {
    page.lines.push_back({paragraph.layout, line, indent + paragraph.line_x[static_cast<std::size_t>(line)],
                          model_.geometry.baseline(row_)});
    ++row_;
  }
}

void PageFlow::place_at(const SetParagraph& paragraph, int line, double x, double baseline) {
  model_.pages.back().lines.push_back(
      {paragraph.layout, line, x + paragraph.line_x[static_cast<std::size_t>(line)], baseline});
}

void PageFlow::place_paragraph(const SetParagraph& paragraph, double indent, int orphans, int widows) {
  int next = 0;
  const int total = paragraph.lines();
  while (next < total) {
    const int remaining = total - next;
    const int room = rows_left();
    if (remaining <= room) {
      place_lines(paragraph, next, remaining, indent);
      return;
    }
    int here = room;
    if (remaining - here < widows) here = remaining - widows;
    if (here < orphans) here = 0;
    // A page that cannot hold the paragraph's head even when empty takes what it can.
    if (here <= 0 && at_top()) here = std::max(1, room);
    place_lines(paragraph, next, here, indent);
    next += here;
    begin_page(PageRole::body);
  }
}

}  // namespace authorworks::exporting::pdf
