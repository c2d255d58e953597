#pragma once
// A play in stage-play layout on US Letter in Courier Prime 12 pt: each act on a new page under a
// centred act heading, scene headings centred, each speaker's name centred in capitals above the
// speech, speeches across the full width, and stage directions indented, in italics and parentheses.
#include "export/book_document.hpp"
#include "export/pdf/page_model.hpp"
#include "export/pdf/typesetter.hpp"

namespace authorworks::exporting::pdf {

PageModel layout_play(const BookDocument& book, const Typesetter& typesetter);

}  // namespace authorworks::exporting::pdf
