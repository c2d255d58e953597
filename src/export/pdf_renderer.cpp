#include "export/pdf_renderer.hpp"

#include "export/pdf/novel_layout.hpp"
#include "export/pdf/pdf_painter.hpp"
#include "export/pdf/play_layout.hpp"
#include "export/pdf/screenplay_layout.hpp"
#include "export/pdf/typesetter.hpp"

namespace authorworks::exporting {

void render_pdf(const BookDocument& book, const std::filesystem::path& destination) {
  const pdf::Typesetter typesetter;
  pdf::PageModel model;
  switch (book.kind) {
    case llm::BookKind::screenplay: model = pdf::layout_screenplay(book, typesetter); break;
    case llm::BookKind::play: model = pdf::layout_play(book, typesetter); break;
    case llm::BookKind::novel: model = pdf::layout_novel(book, typesetter); break;
  }
  pdf::PdfMetadata metadata;
  metadata.title = book.title;
  metadata.author = book.author;
  metadata.subject = book.genre;
  metadata.created = book.generated;
  pdf::paint_pdf(model, metadata, destination);
}

}  // namespace authorworks::exporting
