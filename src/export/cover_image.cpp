#include "export/cover_image.hpp"

#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

#include "core/error.hpp"

namespace authorworks::exporting {
namespace {

struct Colour {
  double r, g, b;
};

constexpr Colour rgb(std::uint32_t hex) {
  return {((hex >> 16) & 0xFF) / 255.0, ((hex >> 8) & 0xFF) / 255.0, (hex & 0xFF) / 255.0};
}

// Dark grounds with a metallic accent and a pale ink, chosen to stay readable together.
struct Palette {
  Colour top, bottom, accent, ink;
};
constexpr std::array<Palette, 6> kPalettes{{
    {rgb(0x14213D), rgb(0x060B17), rgb(0xD4A84B), rgb(0xF4EFE3)},  // midnight and gold
    {rgb(0x3B1F2B), rgb(0x12080D), rgb(0xE0A96D), rgb(0xF7EDE2)},  // claret and copper
    {rgb(0x1F3B2D), rgb(0x07130D), rgb(0xC9B458), rgb(0xEEF0E5)},  // forest and brass
    {rgb(0x2E2A4F), rgb(0x0D0B1C), rgb(0xB8C4E0), rgb(0xF1F1F6)},  // dusk and silver
    {rgb(0x4A2C17), rgb(0x170C05), rgb(0xE8C07D), rgb(0xFBF3E4)},  // walnut and amber
    {rgb(0x10393F), rgb(0x041315), rgb(0x7FD1C7), rgb(0xEAF6F4)},  // deep teal and sea glass
}};

// FNV-1a: a stable pick that does not change between runs or builds.
std::uint64_t stable_hash(std::string_view text) noexcept {
  std::uint64_t hash = 1469598103934665603ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string_view kind_line(llm::BookKind kind) noexcept {
  switch (kind) {
    case llm::BookKind::screenplay: return "A SCREENPLAY";
    case llm::BookKind::play: return "A PLAY";
    case llm::BookKind::novel: break;
  }
  return "A NOVEL";
}

template <typename T, void (*Destroy)(T*)>
struct Deleter {
  void operator()(T* p) const noexcept { Destroy(p); }
};
using Surface = std::unique_ptr<cairo_surface_t, Deleter<cairo_surface_t, cairo_surface_destroy>>;
using Context = std::unique_ptr<cairo_t, Deleter<cairo_t, cairo_destroy>>;
using Pattern = std::unique_ptr<cairo_pattern_t, Deleter<cairo_pattern_t, cairo_pattern_destroy>>;
void unref_object(PangoLayout* layout) noexcept { g_object_unref(layout); }
using Layout = std::unique_ptr<PangoLayout, Deleter<PangoLayout, unref_object>>;
using FontDescription =
    std::unique_ptr<PangoFontDescription, Deleter<PangoFontDescription, pango_font_description_free>>;

void set_colour(cairo_t* cr, Colour c, double alpha = 1.0) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha); }

// A centred block of text, wrapped at `width`; letter spacing in points for the small capitals.
Layout text_layout(cairo_t* cr, std::string_view text, const char* family, int weight, double size, int width,
                   int letter_spacing = 0) {
  Layout layout(pango_cairo_create_layout(cr));
  FontDescription font(pango_font_description_new());
  pango_font_description_set_family(font.get(), family);
  pango_font_description_set_weight(font.get(), static_cast<PangoWeight>(weight));
  pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), width * PANGO_SCALE);
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
  if (letter_spacing != 0) {
    PangoAttrList* attributes = pango_attr_list_new();
    pango_attr_list_insert(attributes, pango_attr_letter_spacing_new(letter_spacing * PANGO_SCALE));
    pango_layout_set_attributes(layout.get(), attributes);
    pango_attr_list_unref(attributes);
  }
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  return layout;
}

void pixel_size(PangoLayout* layout, int& width, int& height) {
  PangoRectangle ink{};
  PangoRectangle logical{};
  pango_layout_get_pixel_extents(layout, &ink, &logical);
  width = logical.width;
  height = logical.height;
}

int layout_height(PangoLayout* layout) {
  int width = 0;
  int height = 0;
  pixel_size(layout, width, height);
  return height;
}

// The largest title size, from 150 px down, whose lines fit the box with breaks between words
// only (a word wider than the box overflows it when wrapped by words, and is tried smaller).
// A title that fits at no size is broken inside words and cut with an ellipsis at the smallest.
Layout fit_title(cairo_t* cr, std::string_view title, int width, int max_height) {
  constexpr double kSmallest = 64;
  for (double size = 150; size > kSmallest; size *= 0.92) {
    auto layout = text_layout(cr, title, "EB Garamond", PANGO_WEIGHT_MEDIUM, size, width);
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD);
    int used_width = 0;
    int used_height = 0;
    pixel_size(layout.get(), used_width, used_height);
    if (used_width <= width && used_height <= max_height) return layout;
  }
  auto layout = text_layout(cr, title, "EB Garamond", PANGO_WEIGHT_MEDIUM, kSmallest, width);
  pango_layout_set_height(layout.get(), max_height * PANGO_SCALE);
  pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
  return layout;
}

void draw_centred(cairo_t* cr, PangoLayout* layout, double x, double y) {
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
}

void draw_background(cairo_t* cr, const Palette& palette, std::uint64_t hash) {
  Pattern ground(cairo_pattern_create_linear(0, 0, 0, kCoverHeight));
  cairo_pattern_add_color_stop_rgb(ground.get(), 0, palette.top.r, palette.top.g, palette.top.b);
  cairo_pattern_add_color_stop_rgb(ground.get(), 1, palette.bottom.r, palette.bottom.g, palette.bottom.b);
  cairo_set_source(cr, ground.get());
  cairo_paint(cr);

  // A low disc behind the title, like a moon over the horizon, placed by the title's hash.
  const double cx = kCoverWidth * (0.3 + 0.4 * static_cast<double>(hash % 97) / 96.0);
  const double cy = kCoverHeight * 0.42;
  const double radius = kCoverWidth * 0.46;
  Pattern glow(cairo_pattern_create_radial(cx, cy, radius * 0.2, cx, cy, radius));
  cairo_pattern_add_color_stop_rgba(glow.get(), 0, palette.accent.r, palette.accent.g, palette.accent.b, 0.20);
  cairo_pattern_add_color_stop_rgba(glow.get(), 1, palette.accent.r, palette.accent.g, palette.accent.b, 0.0);
  cairo_set_source(cr, glow.get());
  cairo_arc(cr, cx, cy, radius, 0, 2 * G_PI);
  cairo_fill(cr);

  // Fine horizon lines across the lower third, spaced by the hash so no two books match.
  set_colour(cr, palette.accent, 0.18);
  cairo_set_line_width(cr, 2);
  const int lines = 5 + static_cast<int>((hash >> 8) % 5);
  for (int i = 0; i < lines; ++i) {
    const double y = kCoverHeight * 0.66 + i * i * 9.0 + i * 14.0;
    cairo_move_to(cr, 120, y);
    cairo_line_to(cr, kCoverWidth - 120, y);
  }
  cairo_stroke(cr);

  // A double frame inset from the edges.
  set_colour(cr, palette.accent, 0.9);
  cairo_set_line_width(cr, 6);
  cairo_rectangle(cr, 60, 60, kCoverWidth - 120, kCoverHeight - 120);
  cairo_stroke(cr);
  cairo_set_line_width(cr, 2);
  cairo_rectangle(cr, 84, 84, kCoverWidth - 168, kCoverHeight - 168);
  cairo_stroke(cr);
}

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string render_cover_png(const BookDocument& book) {
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kCoverWidth, kCoverHeight));
  Context context(cairo_create(surface.get()));
  cairo_t* cr = context.get();
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
    throw Error(ErrorCode::internal, std::string("cannot draw the cover: ") + cairo_status_to_string(cairo_status(cr)));
  }
  const auto hash = stable_hash(book.title);
  const auto& palette = kPalettes[hash % kPalettes.size()];
  draw_background(cr, palette, hash);

  constexpr int kTextWidth = kCoverWidth - 320;
  constexpr double kLeft = 160;

  auto kind = text_layout(cr, kind_line(book.kind), "EB Garamond", PANGO_WEIGHT_NORMAL, 44, kTextWidth, 8);
  set_colour(cr, palette.accent);
  draw_centred(cr, kind.get(), kLeft, 250);

  const auto title_text = book.title.empty() ? std::string("Untitled") : book.title;
  auto title = fit_title(cr, title_text, kTextWidth, 900);
  const int title_height = layout_height(title.get());
  const double title_top = 1000 - title_height / 2.0;
  set_colour(cr, palette.ink);
  draw_centred(cr, title.get(), kLeft, title_top);

  // A short rule with a diamond under the title.
  const double rule_y = title_top + title_height + 70;
  set_colour(cr, palette.accent);
  cairo_set_line_width(cr, 3);
  cairo_move_to(cr, kCoverWidth / 2.0 - 220, rule_y);
  cairo_line_to(cr, kCoverWidth / 2.0 - 30, rule_y);
  cairo_move_to(cr, kCoverWidth / 2.0 + 30, rule_y);
  cairo_line_to(cr, kCoverWidth / 2.0 + 220, rule_y);
  cairo_stroke(cr);
  cairo_move_to(cr, kCoverWidth / 2.0, rule_y - 14);
  cairo_line_to(cr, kCoverWidth / 2.0 + 14, rule_y);
  cairo_line_to(cr, kCoverWidth / 2.0, rule_y + 14);
  cairo_line_to(cr, kCoverWidth / 2.0 - 14, rule_y);
  cairo_close_path(cr);
  cairo_fill(cr);

  if (!book.genre.empty()) {
    auto genre = text_layout(cr, book.genre, "EB Garamond", PANGO_WEIGHT_NORMAL, 52, kTextWidth);
    pango_layout_set_height(genre.get(), 2 * 70 * PANGO_SCALE);
    pango_layout_set_ellipsize(genre.get(), PANGO_ELLIPSIZE_END);
    set_colour(cr, palette.ink, 0.75);
    draw_centred(cr, genre.get(), kLeft, rule_y + 50);
  }

  if (!book.author.empty()) {
    auto author = text_layout(cr, book.author, "EB Garamond", PANGO_WEIGHT_NORMAL, 80, kTextWidth, 4);
    pango_layout_set_height(author.get(), 2 * 100 * PANGO_SCALE);
    pango_layout_set_ellipsize(author.get(), PANGO_ELLIPSIZE_END);
    const int author_height = layout_height(author.get());
    set_colour(cr, palette.ink);
    draw_centred(cr, author.get(), kLeft, kCoverHeight - 280 - author_height);
  }

  std::string png;
  png.reserve(512 * 1024);
  cairo_surface_flush(surface.get());
  const auto status = cairo_surface_write_to_png_stream(surface.get(), append_png, &png);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw Error(ErrorCode::internal, std::string("cannot encode the cover: ") + cairo_status_to_string(status));
  }
  return png;
}

}  // namespace authorworks::exporting
