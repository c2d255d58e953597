#include "export/pdf/screenplay_layout.hpp"

#include <algorithm>

#include "export/markdown_renderer.hpp"
#include "export/pdf/page_flow.hpp"
#include "export/pdf/script_pages.hpp"
#include "export/scene_text.hpp"

namespace authorworks::exporting::pdf {
namespace {

constexpr double kInch = 72;
constexpr double kLeftMargin = 1.5 * kInch;
constexpr double kCueIndent = 3.7 * kInch - kLeftMargin;
constexpr double kParentheticalIndent = 3.1 * kInch - kLeftMargin;
constexpr double kParentheticalWidth = 2.4 * kInch;
constexpr double kDialogueIndent = 2.5 * kInch - kLeftMargin;
constexpr double kDialogueWidth = 3.5 * kInch;

std::string upper_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

struct SetElement {
  ScreenplayPart part;
  SetParagraph set;
  double indent = 0;
  std::string text;
};

// One line of a speech: which paragraph, which of its lines, how far in.
struct SpeechLine {
  const SetElement* element;
  int line;
};

class ScreenplayLayout {
 public:
  ScreenplayLayout(const BookDocument& book, const Typesetter& typesetter)
      : book_(book), typesetter_(typesetter), flow_(model_) {
    model_.geometry = script_geometry(typesetter);
    width_ = model_.geometry.text_width();
  }

  PageModel run() {
    script_title_page(book_, typesetter_, flow_, model_);
    for (const auto& chapter : book_.chapters) sequence(chapter);
    number_script_pages(model_, typesetter_);
    return std::move(model_);
  }

 private:
  SetElement set_element(const ScreenplayElement& element) const {
    auto style = script_style();
    switch (element.part) {
      case ScreenplayPart::scene_heading:
        return {element.part, typesetter_.set(upper_ascii(element.text), style, width_), 0, element.text};
      case ScreenplayPart::character:
        return {element.part, typesetter_.set(element.text, style, width_ - kCueIndent), kCueIndent, element.text};
      case ScreenplayPart::parenthetical:
        return {element.part, typesetter_.set(element.text, style, kParentheticalWidth), kParentheticalIndent,
                element.text};
      case ScreenplayPart::dialogue:
        return {element.part, typesetter_.set(element.text, style, kDialogueWidth), kDialogueIndent, element.text};
      case ScreenplayPart::transition:
        style.alignment = Alignment::right;
        return {element.part, typesetter_.set(upper_ascii(element.text), style, width_), 0, element.text};
      case ScreenplayPart::action: break;
    }
    return {element.part, typesetter_.set(element.text, style, width_), 0, element.text};
  }

  void sequence(const ChapterDocument& chapter) {
    const int page = flow_.begin_page(PageRole::body);
    std::string heading = std::string(chapter_label(book_.kind)) + " " + std::to_string(chapter.number);
    if (!chapter.title.empty()) heading += ": " + chapter.title;
    model_.outline.push_back({heading, page});
    auto style = script_style();
    style.alignment = Alignment::centre;
    style.underline = true;
    const auto set = typesetter_.set(upper_ascii(heading), style, width_);
    flow_.place_lines(set, 0, set.lines());

    for (const auto& scene : chapter.scenes) {
      std::vector<SetElement> elements;
      for (const auto& element : parse_screenplay(scene.text)) elements.push_back(set_element(element));
      std::size_t i = 0;
      while (i < elements.size()) i = place(elements, i);
    }
  }

  // Places the element at `i` (a whole speech for a cue); returns the index after it.
  std::size_t place(const std::vector<SetElement>& elements, std::size_t i) {
    const auto& element = elements[i];
    if (element.part == ScreenplayPart::character) return speech(elements, i);
    if (element.part == ScreenplayPart::parenthetical || element.part == ScreenplayPart::dialogue) {
      // Dialogue without a cue (a writer's slip) still reads, at its own indent.
      flow_.skip(1);
      flow_.place_paragraph(element.set, element.indent);
      return i + 1;
    }
    if (element.part == ScreenplayPart::scene_heading) {
      // A scene heading keeps two lines of what follows it on its page.
      const int next = i + 1 < elements.size() ? std::min(2, elements[i + 1].set.lines()) : 0;
      if (flow_.rows_left() < 1 + element.set.lines() + 1 + next) flow_.begin_page(PageRole::body);
    }
    flow_.skip(1);
    flow_.place_paragraph(element.set, element.indent);
    return i + 1;
  }

  std::size_t speech(const std::vector<SetElement>& elements, std::size_t i) {
    const auto& cue = elements[i];
    std::vector<SpeechLine> lines;
    std::size_t end = i + 1;
    for (; end < elements.size(); ++end) {
      const auto part = elements[end].part;
      if (part != ScreenplayPart::parenthetical && part != ScreenplayPart::dialogue) break;
      for (int line = 0; line < elements[end].set.lines(); ++line) lines.push_back({&elements[end], line});
    }
    flow_.skip(1);
    std::size_t next = 0;
    bool continued = false;
    while (true) {
      const int remaining = static_cast<int>(lines.size() - next);
      const int room = flow_.rows_left() - cue.set.lines();
      if (remaining <= room) break;
      // Split when two lines fit above (MORE) and two carry over; otherwise the speech moves whole.
      int here = room - 1;
      if (remaining - here < 2) here = remaining - 2;
      // A parenthetical introduces the line after it: never the last line before (MORE).
      while (here > 0 &&
             lines[next + static_cast<std::size_t>(here) - 1].element->part == ScreenplayPart::parenthetical) {
        --here;
      }
      if (here >= 2) {
        place_cue(cue, continued);
        place_speech_lines(lines, next, static_cast<std::size_t>(here));
        next += static_cast<std::size_t>(here);
        place_more(cue);
        continued = true;
      } else if (!flow_.at_top()) {
        // Nothing goes on this page: the whole speech starts on the next.
      } else {
        break;  // a speech longer than a page starting at the top: it runs on regardless
      }
      flow_.begin_page(PageRole::body);
    }
    place_cue(cue, continued);
    place_speech_lines(lines, next, lines.size() - next);
    return end;
  }

  void place_cue(const SetElement& cue, bool continued) {
    if (!continued) {
      flow_.place_lines(cue.set, 0, cue.set.lines(), cue.indent);
      return;
    }
    const auto set = typesetter_.set(cue.text + " (CONT'D)", script_style(), width_ - kCueIndent);
    flow_.place_lines(set, 0, set.lines(), kCueIndent);
  }

  void place_more(const SetElement& cue) {
    if (!more_) more_ = typesetter_.set("(MORE)", script_style(), width_ - kCueIndent);
    flow_.place_lines(*more_, 0, 1, cue.indent);
  }

  void place_speech_lines(const std::vector<SpeechLine>& lines, std::size_t from, std::size_t count) {
    for (std::size_t k = from; k < from + count; ++k) {
      const auto& line = lines[k];
      if (flow_.rows_left() == 0) flow_.begin_page(PageRole::body);
      flow_.place_lines(line.element->set, line.line, 1, line.element->indent);
    }
  }

  const BookDocument& book_;
  const Typesetter& typesetter_;
  PageModel model_;
  PageFlow flow_;
  double width_ = 0;
  std::optional<SetParagraph> more_;
};

}  // namespace

PageModel layout_screenplay(const BookDocument& book, const Typesetter& typesetter) {
  return ScreenplayLayout(book, typesetter).run();
}

}  // namespace authorworks::exporting::pdf
