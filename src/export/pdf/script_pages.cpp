#include "export/pdf/script_pages.hpp"

#include "export/markdown_renderer.hpp"

namespace authorworks::exporting::pdf {
namespace {

constexpr double kInch = 72;

std::string upper_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

}  // namespace

ParagraphStyle script_style() {
  ParagraphStyle style;
  style.family = "Courier Prime";
  style.size = 12;
  return style;
}

PageGeometry script_geometry(const Typesetter& typesetter) {
  PageGeometry g;
  g.width = 8.5 * kInch;
  g.height = 11 * kInch;
  g.inside = 1.5 * kInch;
  g.outside = 1 * kInch;
  g.mirrored = false;
  g.text_top = 1 * kInch;
  g.row_height = kInch / 6;
  g.rows = 54;
  const auto style = script_style();
  const double ascent = typesetter.ascent(style);
  const double descent = typesetter.descent(style);
  g.baseline_offset = (g.row_height - (ascent + descent)) / 2 + ascent;
  return g;
}

void script_title_page(const BookDocument& book, const Typesetter& typesetter, PageFlow& flow, PageModel& model) {
  flow.begin_page(PageRole::title);
  const auto& g = model.geometry;
  const double width = g.text_width();
  auto centred = script_style();
  centred.alignment = Alignment::centre;
  auto title_style = centred;
  title_style.underline = true;
  flow.move_to_row(20);
  const auto title = typesetter.set(upper_ascii(book.title), title_style, width);
  flow.place_lines(title, 0, title.lines());
  if (!book.author.empty()) {
    flow.skip(3);
    const auto by = typesetter.set(book.kind == llm::BookKind::screenplay ? "written by" : "by", centred, width);
    flow.place_lines(by, 0, by.lines());
    flow.skip(1);
    const auto author = typesetter.set(book.author, centred, width);
    flow.place_lines(author, 0, author.lines());
  }
  std::vector<std::string> notes;
  if (!book.genre.empty()) notes.push_back(book.genre);
  if (!book.writer.empty()) notes.push_back("Drafted with " + book.writer);
  if (!book.generated.empty()) notes.push_back(book.generated);
  flow.move_to_row(g.rows - static_cast<int>(notes.size()));
  for (const auto& note : notes) {
    const auto set = typesetter.set(note, script_style(), width);
    flow.place_lines(set, 0, 1);
  }
  model.outline.push_back({book.title, 1});
}

void number_script_pages(PageModel& model, const Typesetter& typesetter) {
  auto style = script_style();
  style.alignment = Alignment::right;
  const auto& g = model.geometry;
  // Half an inch from the top edge, flush with the right margin.
  const double baseline = 0.5 * kInch + g.baseline_offset;
  for (std::size_t i = 2; i < model.pages.size(); ++i) {
    const auto number = typesetter.set(std::to_string(i) + ".", style, g.text_width());
    model.pages[i].lines.push_back({number.layout, 0, number.line_x[0], baseline});
  }
}

}  // namespace authorworks::exporting::pdf
