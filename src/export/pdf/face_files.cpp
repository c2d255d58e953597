#include "export/pdf/face_files.hpp"

#include <fontconfig/fontconfig.h>

#include <filesystem>
#include <memory>

namespace authorworks::exporting::pdf {
namespace {

const FcChar8* fc_text(const std::string& text) { return reinterpret_cast<const FcChar8*>(text.c_str()); }

double number_of(FcPattern* pattern, const char* object, double fallback) {
  FcValue value;
  if (FcPatternGet(pattern, object, 0, &value) != FcResultMatch) return fallback;
  if (value.type == FcTypeInteger) return value.u.i;
  if (value.type == FcTypeDouble) return value.u.d;
  return fallback;
}

void substitute(FcPattern* pattern, gpointer data) {
  const auto& all = *static_cast<const std::vector<FaceFiles>*>(data);
  FcChar8* family = nullptr;
  if (FcPatternGetString(pattern, FC_FAMILY, 0, &family) != FcResultMatch) return;
  const std::string requested(reinterpret_cast<const char*>(family));
  for (const auto& faces : all) {
    if (faces.family != requested) continue;
    const bool bold = number_of(pattern, FC_WEIGHT, FC_WEIGHT_REGULAR) >= FC_WEIGHT_DEMIBOLD;
    const bool italic = number_of(pattern, FC_SLANT, FC_SLANT_ROMAN) != FC_SLANT_ROMAN;
    const auto& file = bold ? (italic ? faces.bold_italic : faces.bold) : (italic ? faces.italic : faces.regular);
    if (file.empty()) return;
    FcPatternDel(pattern, FC_FILE);
    FcPatternAddString(pattern, FC_FILE, fc_text(file));
    return;
  }
}

}  // namespace

FaceFiles find_face_files(const std::string& family) {
  FaceFiles faces;
  faces.family = family;
  std::unique_ptr<FcPattern, decltype(&FcPatternDestroy)> pattern(FcPatternCreate(), &FcPatternDestroy);
  FcPatternAddString(pattern.get(), FC_FAMILY, fc_text(family));
  std::unique_ptr<FcObjectSet, decltype(&FcObjectSetDestroy)> objects(FcObjectSetBuild(FC_FILE, FC_FAMILY, nullptr),
                                                                      &FcObjectSetDestroy);
  std::unique_ptr<FcFontSet, decltype(&FcFontSetDestroy)> fonts(FcFontList(nullptr, pattern.get(), objects.get()),
                                                                &FcFontSetDestroy);
  if (!fonts) return faces;
  for (int i = 0; i < fonts->nfont; ++i) {
    FcChar8* file = nullptr;
    if (FcPatternGetString(fonts->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
    const std::string path(reinterpret_cast<const char*>(file));
    const auto stem = std::filesystem::path(path).stem().string();
    // Only the family's own files ("Courier Prime Bold"), not a sibling family's ("Courier Prime Sans").
    std::string style = stem.starts_with(family) ? stem.substr(family.size()) : std::string("?");
    if (!style.empty() && style.front() == ' ') style.erase(0, 1);
    if (style.empty() || style == "Regular") {
      faces.regular = path;
    } else if (style == "Bold") {
      faces.bold = path;
    } else if (style == "Italic") {
      faces.italic = path;
    } else if (style == "Bold Italic" || style == "BoldItalic") {
      faces.bold_italic = path;
    }
  }
  return faces;
}

void pin_face_files(PangoFontMap* font_map, const std::vector<FaceFiles>& faces) {
  pango_fc_font_map_set_default_substitute(PANGO_FC_FONT_MAP(font_map), &substitute,
                                           const_cast<std::vector<FaceFiles>*>(&faces), nullptr);
}

}  // namespace authorworks::exporting::pdf
