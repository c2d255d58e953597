#pragma once
// A novel as a 6×9 in book: title page, imprint, contents, chapters opening on a recto with a sunk
// heading, justified and hyphenated EB Garamond, scene breaks as a centred fleuron, running heads
// (verso: the book's title, recto: the chapter's) and folios at the outer edge of the head line.
#include "export/book_document.hpp"
#include "export/pdf/page_model.hpp"
#include "export/pdf/typesetter.hpp"

namespace authorworks::exporting::pdf {

PageModel layout_novel(const BookDocument& book, const Typesetter& typesetter);

}  // namespace authorworks::exporting::pdf
