#include "export/pdf/play_layout.hpp"

#include <algorithm>

#include "export/markdown_renderer.hpp"
#include "export/pdf/page_flow.hpp"
#include "export/pdf/script_pages.hpp"
#include "export/scene_text.hpp"

namespace authorworks::exporting::pdf {
namespace {

constexpr double kInch = 72;
// Stage directions start 3.25 in from the page's left edge, 1.75 in into the text block.
constexpr double kDirectionIndent = 3.25 * kInch - 1.5 * kInch;

std::string upper_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

// A speech opening with a parenthetical ("(quietly) Go.") sets the parenthetical in italics.
StyledText speech_text(const PlayElement& speech) {
  auto styled = parse_emphasis(speech.aside.empty() || speech.text.empty() ? speech.aside + speech.text
                                                                           : speech.aside + " " + speech.text);
  if (styled.text.starts_with('(')) {
    const auto close = styled.text.find(')');
    if (close != std::string::npos) styled.spans.push_back({0, close + 1, Emphasis::italic});
  }
  return styled;
}

struct SetPlayElement {
  PlayPart part;
  SetParagraph name;  // speech only
  SetParagraph text;
  int lines() const noexcept { return (part == PlayPart::speech ? name.lines() : 0) + text.lines(); }
};

class PlayLayout {
 public:
  PlayLayout(const BookDocument& book, const Typesetter& typesetter)
      : book_(book), typesetter_(typesetter), flow_(model_) {
    model_.geometry = script_geometry(typesetter);
    width_ = model_.geometry.text_width();
    centred_ = script_style();
    centred_.alignment = Alignment::centre;
  }

  PageModel run() {
    script_title_page(book_, typesetter_, flow_, model_);
    for (const auto& chapter : book_.chapters) act(chapter);
    number_script_pages(model_, typesetter_);
    return std::move(model_);
  }

 private:
  void act(const ChapterDocument& chapter) {
    const int page = flow_.begin_page(PageRole::body);
    const auto label = std::string(chapter_label(book_.kind)) + " " + std::to_string(chapter.number);
    model_.outline.push_back({chapter.title.empty() ? label : label + ": " + chapter.title, page});
    auto heading_style = centred_;
    heading_style.underline = true;
    const auto heading = typesetter_.set(upper_ascii(label), heading_style, width_);
    flow_.place_lines(heading, 0, heading.lines());
    if (!chapter.title.empty()) {
      const auto title = typesetter_.set(upper_ascii(chapter.title), centred_, width_);
      flow_.place_lines(title, 0, title.lines());
    }
    for (const auto& scene : chapter.scenes) this->scene(scene);
  }

  void scene(const SceneDocument& scene) {
    auto text = "Scene " + std::to_string(scene.number);
    if (!scene.title.empty()) text += ": " + scene.title;
    const auto heading = typesetter_.set(upper_ascii(text), centred_, width_);
    std::vector<SetPlayElement> elements;
    auto direction_style = script_style();
    direction_style.italic = true;
    for (const auto& element : parse_play(scene.text)) {
      if (element.part == PlayPart::direction) {
        elements.push_back({element.part,
                            {},
                            typesetter_.set(parse_emphasis("(" + std::string(direction_words(element.text)) + ")"),
                                            direction_style, width_ - kDirectionIndent)});
      } else {
        elements.push_back({element.part, typesetter_.set(element.character, centred_, width_),
                            typesetter_.set(speech_text(element), script_style(), width_)});
      }
    }
    // The heading keeps two lines of what follows on its page.
    const int next = elements.empty() ? 0 : std::min(2, elements.front().lines());
    if (flow_.rows_left() < 2 + heading.lines() + 1 + next) flow_.begin_page(PageRole::body);
    flow_.skip(2);
    flow_.place_lines(heading, 0, heading.lines());
    for (const auto& element : elements) {
      if (element.part == PlayPart::direction) {
        flow_.skip(1);
        flow_.place_paragraph(element.text, kDirectionIndent);
        continue;
      }
      // The speaker's name never ends a page: it goes with at least two lines of the speech.
      const int kept = std::min(2, element.text.lines());
      if (flow_.rows_left() < 1 + element.name.lines() + kept) flow_.begin_page(PageRole::body);
      flow_.skip(1);
      flow_.place_lines(element.name, 0, element.name.lines());
      flow_.place_paragraph(element.text);
    }
  }

  const BookDocument& book_;
  const Typesetter& typesetter_;
  PageModel model_;
  PageFlow flow_;
  double width_ = 0;
  ParagraphStyle centred_;
};

}  // namespace

PageModel layout_play(const BookDocument& book, const Typesetter& typesetter) {
  return PlayLayout(book, typesetter).run();
}

}  // namespace authorworks::exporting::pdf
