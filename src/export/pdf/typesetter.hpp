#pragma once
// Sets paragraphs with pango: one font map and context per document (pango objects are not shared
// between threads, and a render runs on one thread), a PangoLayout per paragraph. Positions are in
// PDF points (the context runs at 72 dpi) and metrics are unhinted, so justified lines measure on
// paper exactly what they measured here.
#include <pango/pangocairo.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "export/pdf/face_files.hpp"
#include "export/pdf/styled_text.hpp"

namespace authorworks::exporting::pdf {

struct GObjectRelease {
  void operator()(void* object) const noexcept;
};
using LayoutHandle = std::shared_ptr<PangoLayout>;

enum class Alignment { left, centre, right, justify };

struct ParagraphStyle {
  std::string family = "EB Garamond";
  double size = 11;  // points
  Alignment alignment = Alignment::left;
  double first_line_indent = 0;  // points
  bool italic = false;
  bool bold = false;
  bool small_caps = false;
  bool underline = false;
  double letter_spacing = 0;  // points between letters
  std::string language = "en-us";
};

// One paragraph set to a width: its layout and where each line starts from the left of the column
// (alignment and indents included).
struct SetParagraph {
  LayoutHandle layout;
  std::vector<double> line_x;
  double width = 0;  // the widest line's ink-independent (logical) width
  int lines() const noexcept { return static_cast<int>(line_x.size()); }
};

class Typesetter {
 public:
  Typesetter();
  ~Typesetter();
  Typesetter(const Typesetter&) = delete;
  Typesetter& operator=(const Typesetter&) = delete;

  SetParagraph set(const StyledText& text, const ParagraphStyle& style, double width) const;
  SetParagraph set(std::string_view plain, const ParagraphStyle& style, double width) const;

  // Ascent and descent of the style's font, to place baselines on a grid.
  double ascent(const ParagraphStyle& style) const;
  double descent(const ParagraphStyle& style) const;

 private:
  std::vector<FaceFiles> pinned_faces_;  // read by the font map's substitute hook
  PangoFontMap* font_map_;
  PangoContext* context_;
};

}  // namespace authorworks::exporting::pdf
