#pragma once
// What screenplays and plays share: US Letter pages of Courier Prime 12 pt at six lines to the inch
// (1.5 in left margin for the binding, 1 in elsewhere), a title page, and page numbers at the top
// right ("2.") on every page but the title page and the first page of the script.
#include "export/book_document.hpp"
#include "export/pdf/page_flow.hpp"
#include "export/pdf/page_model.hpp"
#include "export/pdf/typesetter.hpp"

namespace authorworks::exporting::pdf {

ParagraphStyle script_style();
PageGeometry script_geometry(const Typesetter& typesetter);

// Page 1: the title in capitals a third of the way down, the byline below it, and at the foot what
// drafted the script and when.
void script_title_page(const BookDocument& book, const Typesetter& typesetter, PageFlow& flow, PageModel& model);

void number_script_pages(PageModel& model, const Typesetter& typesetter);

}  // namespace authorworks::exporting::pdf
