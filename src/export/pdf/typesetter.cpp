#include "export/pdf/typesetter.hpp"

#include <glib-object.h>

#include <algorithm>

#include "core/error.hpp"

namespace authorworks::exporting::pdf {
namespace {

using FontDescription = std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)>;

FontDescription describe(const ParagraphStyle& style) {
  FontDescription description(pango_font_description_new(), &pango_font_description_free);
  pango_font_description_set_family(description.get(), style.family.c_str());
  pango_font_description_set_absolute_size(description.get(), style.size * PANGO_SCALE);
  pango_font_description_set_style(description.get(), style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_font_description_set_weight(description.get(), style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return description;
}

PangoAlignment pango_alignment(Alignment alignment) {
  switch (alignment) {
    case Alignment::centre: return PANGO_ALIGN_CENTER;
    case Alignment::right: return PANGO_ALIGN_RIGHT;
    case Alignment::left:
    case Alignment::justify: break;
  }
  return PANGO_ALIGN_LEFT;
}

void insert_whole(PangoAttrList* list, PangoAttribute* attribute) {
  attribute->start_index = 0;
  attribute->end_index = PANGO_ATTR_INDEX_TO_TEXT_END;
  pango_attr_list_insert(list, attribute);
}

}  // namespace

void GObjectRelease::operator()(void* object) const noexcept {
  if (object != nullptr) g_object_unref(object);
}

Typesetter::Typesetter() {
  // A font map of our own: pango's default one is per thread and keeps every font ever loaded.
  font_map_ = pango_cairo_font_map_new();
  if (font_map_ == nullptr) throw Error(ErrorCode::internal, "pango could not create a font map");
  pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(font_map_), 72);
  pinned_faces_.push_back(find_face_files("Courier Prime"));
  pin_face_files(font_map_, pinned_faces_);
  context_ = pango_font_map_create_context(font_map_);
  auto* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context_, options);
  cairo_font_options_destroy(options);
  pango_cairo_context_set_resolution(context_, 72);
  pango_context_set_round_glyph_positions(context_, FALSE);
}

Typesetter::~Typesetter() {
  g_object_unref(context_);
  g_object_unref(font_map_);
}

SetParagraph Typesetter::set(std::string_view plain, const ParagraphStyle& style, double width) const {
  return set(StyledText{std::string(plain), {}}, style, width);
}

SetParagraph Typesetter::set(const StyledText& text, const ParagraphStyle& style, double width) const {
  LayoutHandle layout(pango_layout_new(context_), GObjectRelease{});
  const auto description = describe(style);
  pango_layout_set_font_description(layout.get(), description.get());
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), pango_alignment(style.alignment));
  pango_layout_set_justify(layout.get(), style.alignment == Alignment::justify);
  pango_layout_set_indent(layout.get(), static_cast<int>(style.first_line_indent * PANGO_SCALE));

  auto* attributes = pango_attr_list_new();
  // The language picks hyphenation behaviour and, for Han characters, the regional glyphs of the
  // fallback font; fontconfig falls back (Noto CJK, DejaVu) for whatever the family lacks.
  insert_whole(attributes, pango_attr_language_new(pango_language_from_string(style.language.c_str())));
  insert_whole(attributes, pango_attr_insert_hyphens_new(TRUE));
  if (style.small_caps) insert_whole(attributes, pango_attr_font_features_new("smcp, c2sc"));
  if (style.letter_spacing != 0) {
    insert_whole(attributes, pango_attr_letter_spacing_new(static_cast<int>(style.letter_spacing * PANGO_SCALE)));
  }
  if (style.underline) insert_whole(attributes, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
  for (const auto& span : text.spans) {
    auto* attribute = span.emphasis == Emphasis::bold
                          ? pango_attr_weight_new(PANGO_WEIGHT_BOLD)
                          : pango_attr_style_new(style.italic ? PANGO_STYLE_NORMAL : PANGO_STYLE_ITALIC);
    attribute->start_index = static_cast<guint>(span.start);
    attribute->end_index = static_cast<guint>(span.end);
    pango_attr_list_insert(attributes, attribute);
  }
  pango_layout_set_attributes(layout.get(), attributes);
  pango_attr_list_unref(attributes);
  pango_layout_set_text(layout.get(), text.text.data(), static_cast<int>(text.text.size()));

  SetParagraph paragraph;
  paragraph.layout = layout;
  auto* iter = pango_layout_get_iter(layout.get());
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter, nullptr, &logical);
    paragraph.line_x.push_back(static_cast<double>(logical.x) / PANGO_SCALE);
    paragraph.width = std::max(paragraph.width, static_cast<double>(logical.width) / PANGO_SCALE);
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
  return paragraph;
}

double Typesetter::ascent(const ParagraphStyle& style) const {
  const auto description = describe(style);
  auto* metrics =
      pango_context_get_metrics(context_, description.get(), pango_language_from_string(style.language.c_str()));
  const double value = static_cast<double>(pango_font_metrics_get_ascent(metrics)) / PANGO_SCALE;
  pango_font_metrics_unref(metrics);
  return value;
}

double Typesetter::descent(const ParagraphStyle& style) const {
  const auto description = describe(style);
  auto* metrics =
      pango_context_get_metrics(context_, description.get(), pango_language_from_string(style.language.c_str()));
  const double value = static_cast<double>(pango_font_metrics_get_descent(metrics)) / PANGO_SCALE;
  pango_font_metrics_unref(metrics);
  return value;
}

}  // namespace authorworks::exporting::pdf
