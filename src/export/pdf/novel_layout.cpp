#include "export/pdf/novel_layout.hpp"

#include <cmath>
#include <optional>

#include "export/markdown_renderer.hpp"
#include "export/pdf/hyphenator.hpp"
#include "export/pdf/page_flow.hpp"
#include "export/scene_text.hpp"

namespace authorworks::exporting::pdf {
namespace {

constexpr double kPoint = 1;
constexpr double kInch = 72 * kPoint;
constexpr double kRow = 14.4;                          // 11 pt type on 14.4 pt leading
constexpr double kParagraphIndent = 13.2;              // 1.2 em
constexpr int kSinkRow = 6;                            // chapter openings start a third of the way down
constexpr double kDisplayLeading = 26;                 // between lines of a chapter title
constexpr std::string_view kFleuron = "\xE2\x9D\xA7";  // U+2767, EB Garamond carries it

PageGeometry novel_geometry(const Typesetter& typesetter, const ParagraphStyle& body) {
  PageGeometry g;
  g.width = 6 * kInch;
  g.height = 9 * kInch;
  g.inside = 0.875 * kInch;
  g.outside = 0.625 * kInch;
  g.mirrored = true;
  g.text_top = 0.8 * kInch;
  g.rows = 37;
  g.row_height = kRow;
  const double ascent = typesetter.ascent(body);
  const double descent = typesetter.descent(body);
  g.baseline_offset = (kRow - (ascent + descent)) / 2 + ascent;
  return g;
}

ParagraphStyle body_style() {
  ParagraphStyle style;
  style.size = 11;
  style.alignment = Alignment::justify;
  style.first_line_indent = kParagraphIndent;
  return style;
}

ParagraphStyle centred(double size) {
  ParagraphStyle style;
  style.size = size;
  style.alignment = Alignment::centre;
  return style;
}

ParagraphStyle label_style() {
  auto style = centred(11);
  style.small_caps = true;
  style.letter_spacing = 1.5;
  return style;
}

ParagraphStyle display_style() {
  auto style = centred(20);
  style.italic = true;
  return style;
}

std::string chapter_label_text(llm::BookKind kind, const ChapterDocument& chapter) {
  return std::string(chapter_label(kind)) + " " + std::to_string(chapter.number);
}

// Running heads and TOC entries name a chapter by its title, or by its label when it has none.
std::string chapter_name(llm::BookKind kind, const ChapterDocument& chapter) {
  return chapter.title.empty() ? chapter_label_text(kind, chapter) : chapter.title;
}

StyledText prose(std::string_view text) { return parse_emphasis(Hyphenator::english().hyphenate(curl_quotes(text))); }

class NovelLayout {
 public:
  NovelLayout(const BookDocument& book, const Typesetter& typesetter)
      : book_(book), typesetter_(typesetter), body_(body_style()), flow_(model_) {
    model_.geometry = novel_geometry(typesetter, body_);
    width_ = model_.geometry.text_width();
    no_indent_ = body_;
    no_indent_.first_line_indent = 0;
  }

  PageModel run() {
    title_page();
    imprint_page();
    contents_pages();
    for (std::size_t i = 0; i < book_.chapters.size(); ++i) {
      chapter(book_.chapters[i]);
      fill_contents_entry(i);
    }
    running_heads();
    return std::move(model_);
  }

 private:
  // Display lines (titles) at exact baselines, centred in the column; returns the next baseline.
  double display(const SetParagraph& set, double baseline, double leading) {
    for (int line = 0; line < set.lines(); ++line) {
      flow_.place_at(set, line, 0, baseline);
      baseline += leading;
    }
    return baseline;
  }

  void title_page() {
    flow_.begin_page(PageRole::title);
    auto title_style = centred(26);
    const auto title = typesetter_.set(curl_quotes(book_.title), title_style, width_);
    double baseline = display(title, 2.6 * kInch, 32);
    if (!book_.author.empty()) {
      auto author_style = centred(14);
      author_style.small_caps = true;
      author_style.letter_spacing = 1.5;
      display(typesetter_.set(curl_quotes(book_.author), author_style, width_), baseline + 40, 20);
    }
    model_.outline.push_back({book_.title, 1});
  }

  // The verso of the title page: what the book is and what drafted it, small, at the foot.
  void imprint_page() {
    flow_.begin_page(PageRole::imprint);
    std::vector<std::string> lines;
    lines.push_back(book_.title + (book_.author.empty() ? "" : " by " + book_.author));
    if (!book_.genre.empty()) lines.push_back("A " + std::string(llm::kind_name(book_.kind)) + ": " + book_.genre);
    if (!book_.writer.empty()) lines.push_back("Drafted with " + book_.writer);
    if (!book_.generated.empty()) lines.push_back("Generated " + book_.generated);
    lines.push_back("Typeset in EB Garamond by AuthorWorks");
    ParagraphStyle small;
    small.size = 9;
    double baseline = model_.geometry.baseline(model_.geometry.rows - 1) - 12.0 * static_cast<double>(lines.size());
    for (const auto& text : lines) {
      const auto set = typesetter_.set(curl_quotes(text), small, width_);
      baseline = display(set, baseline, 12);
    }
  }

  // The contents are laid out before the chapters, with their page numbers left to fill in: the
  // entries' lengths do not depend on the numbers, so the chapters' pages do not move afterwards.
  void contents_pages() {
    flow_.begin_recto(PageRole::contents);
    display(typesetter_.set("Contents", display_style(), width_), model_.geometry.baseline(kSinkRow), 0);
    flow_.set_top_row(kSinkRow + 4);
    constexpr double kNumberColumn = 24;
    constexpr double kPageColumn = 30;
    for (const auto& chapter : book_.chapters) {
      const auto number = typesetter_.set(std::to_string(chapter.number), no_indent_, kNumberColumn);
      auto entry_style = no_indent_;
      entry_style.alignment = Alignment::left;
      const auto title =
          typesetter_.set(prose(chapter_name(book_.kind, chapter)), entry_style, width_ - kNumberColumn - kPageColumn);
      if (flow_.rows_left() < title.lines()) flow_.begin_page(PageRole::contents);
      const int page_index = flow_.page_number() - 1;
      flow_.place_at(number, 0, 0, model_.geometry.baseline(flow_.row()));
      const int last_row = flow_.row() + title.lines() - 1;
      flow_.place_lines(title, 0, title.lines(), kNumberColumn);
      entries_.push_back({page_index, model_.geometry.baseline(last_row)});
    }
  }

  void fill_contents_entry(std::size_t index) {
    auto style = no_indent_;
    style.alignment = Alignment::right;
    const auto number = typesetter_.set(std::to_string(chapter_pages_[index]), style, width_);
    model_.pages[static_cast<std::size_t>(entries_[index].page_index)].lines.push_back(
        {number.layout, 0, number.line_x[0], entries_[index].baseline});
  }

  void chapter(const ChapterDocument& chapter) {
    flow_.set_section(chapter_name(book_.kind, chapter));
    const int page = flow_.begin_recto(PageRole::opening);
    chapter_pages_.push_back(page);
    model_.outline.push_back({chapter.title.empty() ? chapter_label_text(book_.kind, chapter)
                                                    : chapter_label_text(book_.kind, chapter) + ": " + chapter.title,
                              page});
    const auto& g = model_.geometry;
    display(typesetter_.set(chapter_label_text(book_.kind, chapter), label_style(), width_), g.baseline(kSinkRow), 0);
    double next_baseline = g.baseline(kSinkRow + 2);
    if (!chapter.title.empty()) {
      next_baseline =
          display(typesetter_.set(prose(chapter.title), display_style(), width_), next_baseline + 6, kDisplayLeading);
    }
    // The text starts on the first row at least two rows clear of the heading.
    const int first_row = static_cast<int>(std::ceil((next_baseline - g.text_top) / g.row_height)) + 2;
    flow_.set_top_row(first_row);

    bool first_scene = true;
    for (const auto& scene : chapter.scenes) {
      const auto paragraphs = prose_paragraphs(scene.text);
      if (paragraphs.empty()) continue;
      std::vector<SetParagraph> set;
      set.reserve(paragraphs.size());
      for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        set.push_back(typesetter_.set(prose(paragraphs[i]), i == 0 ? no_indent_ : body_, width_));
      }
      if (!first_scene) scene_break(set.front());
      first_scene = false;
      for (const auto& paragraph : set) flow_.place_paragraph(paragraph);
    }
  }

  // A blank row, the fleuron and a blank row, kept with two lines of the next scene so that the
  // break never ends a page; at the head of a page the fleuron alone marks it.
  void scene_break(const SetParagraph& next) {
    const int kept = std::min(2, next.lines());
    if (flow_.rows_left() < 3 + kept) flow_.begin_page(PageRole::body);
    if (!fleuron_) fleuron_ = typesetter_.set(kFleuron, centred(11), width_);
    flow_.skip(1);
    flow_.place_lines(*fleuron_, 0, 1);
    flow_.skip(1);
  }

  void running_heads() {
    auto head_style = label_style();
    head_style.size = 9;
    // Wider spacing would read as separate letters to text extraction (and to screen readers).
    head_style.letter_spacing = 0.3;
    ParagraphStyle folio_style;
    folio_style.size = 10;
    const auto& g = model_.geometry;
    const double baseline = g.baseline(0) - 2 * g.row_height;
    const auto verso_head = typesetter_.set(curl_quotes(book_.title), head_style, width_);
    std::optional<SetParagraph> recto_head;
    std::string recto_section;
    for (std::size_t i = 0; i < model_.pages.size(); ++i) {
      auto& page = model_.pages[i];
      if (page.role != PageRole::body) continue;
      const int number = static_cast<int>(i) + 1;
      const bool recto = number % 2 == 1;
      if (recto && (!recto_head || recto_section != page.section)) {
        recto_section = page.section;
        recto_head = typesetter_.set(curl_quotes(page.section), head_style, width_);
      }
      const auto& head = recto ? *recto_head : verso_head;
      page.lines.push_back({head.layout, 0, head.line_x[0], baseline});
      folio_style.alignment = recto ? Alignment::right : Alignment::left;
      const auto folio = typesetter_.set(std::to_string(number), folio_style, width_);
      page.lines.push_back({folio.layout, 0, folio.line_x[0], baseline});
    }
  }

  struct ContentsEntry {
    int page_index;
    double baseline;
  };

  const BookDocument& book_;
  const Typesetter& typesetter_;
  ParagraphStyle body_;
  ParagraphStyle no_indent_;
  PageModel model_;
  PageFlow flow_;
  double width_ = 0;
  std::vector<ContentsEntry> entries_;
  std::vector<int> chapter_pages_;
  std::optional<SetParagraph> fleuron_;
};

}  // namespace

PageModel layout_novel(const BookDocument& book, const Typesetter& typesetter) {
  return NovelLayout(book, typesetter).run();
}

}  // namespace authorworks::exporting::pdf
