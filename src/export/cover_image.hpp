#pragma once
// The EPUB's cover: a PNG drawn with cairo and pango from the book alone (title, author, kind), so
// the same book gets the same picture. Its colours are picked from the title, so books differ.
#include <string>

#include "export/book_document.hpp"

namespace authorworks::exporting {

constexpr int kCoverWidth = 1600;
constexpr int kCoverHeight = 2400;

// The PNG file's bytes. Throws Error(internal) when cairo fails.
std::string render_cover_png(const BookDocument& book);

}  // namespace authorworks::exporting
