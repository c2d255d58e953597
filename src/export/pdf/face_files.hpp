#pragma once
// Pins a family's faces to their files. Debian's fonts-courier-prime labels all four of its faces
// (regular, bold, italic, bold italic) as one "Light,Regular" face of weight 50, so fontconfig
// cannot tell them apart and hands out the bold one for regular text. The faces are told apart by
// their file names instead, and the file is added to every pango pattern asking for the family
// (fontconfig matches the file name before anything else).
#include <pango/pangofc-fontmap.h>

#include <string>
#include <vector>

namespace authorworks::exporting::pdf {

struct FaceFiles {
  std::string family;
  std::string regular;
  std::string bold;
  std::string italic;
  std::string bold_italic;
};

// The installed files of `family`, classified by "Bold" and "Italic" in their names; a face with
// no file of its own is left to fontconfig.
FaceFiles find_face_files(const std::string& family);

// Makes `font_map` ask for the pinned files. `faces` must outlive the font map.
void pin_face_files(PangoFontMap* font_map, const std::vector<FaceFiles>& faces);

}  // namespace authorworks::exporting::pdf
