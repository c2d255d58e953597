#pragma once
// A screenplay in standard format: scene headings in capitals at the left margin, action across the
// full width, character cues at 3.7 in from the page's left edge, parentheticals at 3.1 in,
// dialogue from 2.5 in and 3.5 in wide, transitions flush right. A speech broken by a page ends
// with (MORE) and resumes under the cue with (CONT'D). Each sequence starts on a new page.
#include "export/book_document.hpp"
#include "export/pdf/page_model.hpp"
#include "export/pdf/typesetter.hpp"

namespace authorworks::exporting::pdf {

PageModel layout_screenplay(const BookDocument& book, const Typesetter& typesetter);

}  // namespace authorworks::exporting::pdf
