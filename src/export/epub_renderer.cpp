#include "export/epub_renderer.hpp"

#include <cstdio>

#include "db/ids.hpp"
#include "export/cover_image.hpp"
#include "export/markdown_renderer.hpp"
#include "export/xhtml_scene.hpp"
#include "export/xml_text.hpp"
#include "export/zip_writer.hpp"
#include "generation/scene_text.hpp"

namespace authorworks::exporting {
namespace {

constexpr std::string_view kContainer =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "  <rootfiles>\n"
    "    <rootfile full-path=\"OEBPS/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "  </rootfiles>\n"
    "</container>\n";

// Readers apply their own fonts and margins; the stylesheet sets the book's shape: indented prose
// paragraphs, centred headings, and the screenplay and stage-play layouts.
constexpr std::string_view kStylesheet = R"css(@charset "UTF-8";
body { font-family: "EB Garamond", Garamond, Georgia, serif; line-height: 1.45; margin: 0 5%; }
h1, h2 { font-weight: normal; text-align: center; page-break-after: avoid; break-after: avoid; }
h1 { margin: 3em 0 2em; font-size: 1.6em; }
h1 .chapter-label { display: block; font-size: 0.6em; letter-spacing: 0.15em; text-transform: uppercase; margin-bottom: 0.6em; }
h2 { font-size: 1.15em; margin: 2em 0 1em; font-style: italic; }
p { margin: 0; text-indent: 1.5em; text-align: justify; hyphens: auto; -epub-hyphens: auto; }
h1 + p, h2 + p, hr + p, p.first { text-indent: 0; }
hr.scene-break { border: none; border-top: 1px solid currentColor; width: 20%; margin: 1.5em auto; opacity: 0.6; }
.cover { margin: 0; padding: 0; text-align: center; }
.cover img { max-width: 100%; max-height: 100%; }
.title-page { text-align: center; margin-top: 25%; }
.title-page h1 { font-size: 2.2em; margin: 0 0 0.5em; }
.title-page p { text-indent: 0; text-align: center; }
.title-page .kind { font-variant: small-caps; letter-spacing: 0.1em; margin-bottom: 3em; }
.title-page .author { font-size: 1.3em; margin-bottom: 3em; }
.title-page .writer { font-size: 0.8em; opacity: 0.75; }
nav ol { list-style: none; padding-left: 0; }
nav ol ol { padding-left: 1.5em; }
nav li { margin: 0.3em 0; }
body.screenplay p { font-family: "Courier Prime", "Courier New", Courier, monospace; text-indent: 0; text-align: left; hyphens: none; -epub-hyphens: none; margin: 0 0 1em; }
body.screenplay p.scene-heading { font-weight: bold; text-transform: uppercase; margin-top: 2em; }
body.screenplay .speech { margin: 0 0 1em; }
body.screenplay .speech p { margin: 0; }
body.screenplay p.character { margin-left: 37%; text-transform: uppercase; }
body.screenplay p.parenthetical { margin-left: 30%; margin-right: 25%; }
body.screenplay p.dialogue { margin-left: 20%; margin-right: 15%; }
body.screenplay p.transition { text-align: right; text-transform: uppercase; }
body.play p { text-indent: 0; text-align: left; margin: 0 0 0.8em; }
body.play p.stage-direction { font-style: italic; margin-left: 2em; }
body.play .character { font-variant: small-caps; letter-spacing: 0.05em; font-weight: bold; }
body.play .parenthetical { font-style: italic; }
)css";

std::string zero_padded(std::size_t number, int width) {
  char text[24];
  std::snprintf(text, sizeof text, "%0*zu", width, number);
  return text;
}

std::string chapter_file(std::size_t index) { return "chapter-" + zero_padded(index + 1, 3) + ".xhtml"; }

std::string chapter_heading(const BookDocument& book, const ChapterDocument& chapter) {
  std::string text = std::string(chapter_label(book.kind)) + " " + std::to_string(chapter.number);
  if (!chapter.title.empty()) text += ": " + chapter.title;
  return text;
}

std::string scene_heading(const SceneDocument& scene) {
  std::string text = "Scene " + std::to_string(scene.number);
  if (!scene.title.empty()) text += ": " + scene.title;
  return text;
}

std::string scene_anchor(const ChapterDocument& chapter, const SceneDocument& scene) {
  return "scene-" + std::to_string(chapter.number) + "-" + std::to_string(scene.number);
}

std::string book_title(const BookDocument& book) { return book.title.empty() ? "Untitled" : book.title; }

std::string language(const BookDocument& book) { return book.language.empty() ? "en" : escape_xml(book.language); }

// The book's id when it is a UUID; otherwise one made from the title and author (a name-based,
// version 8 UUID), so a document without an id still gets the same identifier every time.
std::string identifier(const BookDocument& book) {
  if (db::is_id(book.id)) return "urn:uuid:" + book.id;
  auto hex = generation::sha256_hex(book.title + '\n' + book.author).substr(0, 32);
  hex[12] = '8';
  hex[16] = "89ab"[hex[16] % 4];
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) +
         "-" + hex.substr(20);
}

// dcterms:modified is required; without a known time the date the book was finished stands in,
// and a fixed date without that, never the clock (the same document makes the same file).
std::string modified(const BookDocument& book) {
  if (book.modified.size() == 20) return book.modified;
  if (book.generated.size() == 10) return book.generated + "T00:00:00Z";
  return "2000-01-01T00:00:00Z";
}

std::string xhtml_head(const BookDocument& book, std::string_view title, std::string_view body_class) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
      "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"";
  out += language(book);
  out += "\" xml:lang=\"";
  out += language(book);
  out += "\">\n<head>\n<title>";
  append_xml(out, title);
  out += "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body";
  if (!body_class.empty()) {
    out += " class=\"";
    out += body_class;
    out += "\"";
  }
  out += ">\n";
  return out;
}

constexpr std::string_view kXhtmlTail = "</body>\n</html>\n";

std::string_view kind_class(llm::BookKind kind) noexcept {
  switch (kind) {
    case llm::BookKind::screenplay: return "screenplay";
    case llm::BookKind::play: return "play";
    case llm::BookKind::novel: break;
  }
  return "novel";
}

std::string_view kind_phrase(llm::BookKind kind) noexcept {
  switch (kind) {
    case llm::BookKind::screenplay: return "A screenplay";
    case llm::BookKind::play: return "A play";
    case llm::BookKind::novel: break;
  }
  return "A novel";
}

std::string cover_page(const BookDocument& book) {
  auto out = xhtml_head(book, "Cover", "cover");
  out += "<section epub:type=\"cover\">\n<img src=\"cover.png\" alt=\"";
  append_xml(out, book_title(book));
  if (!book.author.empty()) {
    out += " by ";
    append_xml(out, book.author);
  }
  out += "\"/>\n</section>\n";
  out += kXhtmlTail;
  return out;
}

std::string title_page(const BookDocument& book) {
  auto out = xhtml_head(book, book_title(book), "");
  out += "<section class=\"title-page\" epub:type=\"titlepage\">\n<h1>";
  append_xml(out, book_title(book));
  out += "</h1>\n<p class=\"kind\">";
  out += kind_phrase(book.kind);
  if (!book.genre.empty()) {
    out += " · ";
    append_xml(out, book.genre);
  }
  out += "</p>\n";
  if (!book.author.empty()) {
    out += "<p class=\"author\">";
    append_xml(out, book.author);
    out += "</p>\n";
  }
  if (!book.writer.empty()) {
    out += "<p class=\"writer\">Drafted with ";
    append_xml(out, book.writer);
    out += "</p>\n";
  }
  out += "</section>\n";
  out += kXhtmlTail;
  return out;
}

std::string navigation(const BookDocument& book) {
  auto out = xhtml_head(book, "Contents", "");
  out += "<nav epub:type=\"toc\" id=\"toc\">\n<h1>Contents</h1>\n<ol>\n";
  for (std::size_t i = 0; i < book.chapters.size(); ++i) {
    const auto& chapter = book.chapters[i];
    out += "<li><a href=\"" + chapter_file(i) + "\">";
    append_xml(out, chapter_heading(book, chapter));
    out += "</a>";
    // A play's scenes are headings of their own, so the contents lead to them too.
    if (book.kind == llm::BookKind::play && !chapter.scenes.empty()) {
      out += "\n<ol>\n";
      for (const auto& scene : chapter.scenes) {
        out += "<li><a href=\"" + chapter_file(i) + "#" + scene_anchor(chapter, scene) + "\">";
        append_xml(out, scene_heading(scene));
        out += "</a></li>\n";
      }
      out += "</ol>\n";
    }
    out += "</li>\n";
  }
  out += "</ol>\n</nav>\n";
  out += "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>Landmarks</h2>\n<ol>\n";
  out += "<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n";
  out += "<li><a epub:type=\"titlepage\" href=\"title.xhtml\">Title Page</a></li>\n";
  out += "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">Contents</a></li>\n";
  if (!book.chapters.empty())
    out += "<li><a epub:type=\"bodymatter\" href=\"" + chapter_file(0) + "\">Start</a></li>\n";
  out += "</ol>\n</nav>\n";
  out += kXhtmlTail;
  return out;
}

std::string chapter_page(const BookDocument& book, std::size_t index) {
  const auto& chapter = book.chapters[index];
  std::string out = xhtml_head(book, chapter_heading(book, chapter), kind_class(book.kind));
  out.reserve(out.size() + 4096);
  out += "<section epub:type=\"chapter\" id=\"chapter-" + std::to_string(chapter.number) +
         "\">\n<h1><span class=\"chapter-label\">" + std::string(chapter_label(book.kind)) + " " +
         std::to_string(chapter.number) + "</span>";
  if (!chapter.title.empty()) {
    out += " <span class=\"chapter-title\">";
    append_xml(out, chapter.title);
    out += "</span>";
  }
  out += "</h1>\n";
  bool first = true;
  for (const auto& scene : chapter.scenes) {
    if (book.kind == llm::BookKind::play) {
      out += "<section id=\"" + scene_anchor(chapter, scene) + "\">\n<h2>";
      append_xml(out, scene_heading(scene));
      out += "</h2>\n";
      append_scene_xhtml(out, book.kind, scene.text);
      out += "</section>\n";
    } else {
      if (!first && book.kind == llm::BookKind::novel) out += "<hr class=\"scene-break\"/>\n";
      append_scene_xhtml(out, book.kind, scene.text);
    }
    first = false;
  }
  out += "</section>\n";
  out += kXhtmlTail;
  return out;
}

std::string package_document(const BookDocument& book) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\" xml:lang=\"" +
      language(book) + "\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n";
  out += "<dc:identifier id=\"book-id\">" + identifier(book) + "</dc:identifier>\n<dc:title>";
  append_xml(out, book_title(book));
  out += "</dc:title>\n";
  if (!book.author.empty()) {
    out += "<dc:creator id=\"creator\">";
    append_xml(out, book.author);
    out += "</dc:creator>\n<meta refines=\"#creator\" property=\"role\" scheme=\"marc:relators\">aut</meta>\n";
  }
  out += "<dc:language>" + language(book) + "</dc:language>\n";
  if (!book.genre.empty()) {
    out += "<dc:subject>";
    append_xml(out, book.genre);
    out += "</dc:subject>\n";
  }
  out += "<dc:description>";
  out += kind_phrase(book.kind);
  if (!book.writer.empty()) {
    out += ", drafted with ";
    append_xml(out, book.writer);
  }
  out += ".</dc:description>\n";
  if (book.generated.size() == 10) out += "<dc:date>" + book.generated + "</dc:date>\n";
  out += "<meta property=\"dcterms:modified\">" + modified(book) + "</meta>\n";
  out += "<meta name=\"cover\" content=\"cover-image\"/>\n</metadata>\n<manifest>\n";
  out += "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n";
  out += "<item id=\"style\" href=\"style.css\" media-type=\"text/css\"/>\n";
  out += "<item id=\"cover-image\" href=\"cover.png\" media-type=\"image/png\" properties=\"cover-image\"/>\n";
  out += "<item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n";
  out += "<item id=\"title-page\" href=\"title.xhtml\" media-type=\"application/xhtml+xml\"/>\n";
  for (std::size_t i = 0; i < book.chapters.size(); ++i) {
    out += "<item id=\"chapter-" + zero_padded(i + 1, 3) + "\" href=\"" + chapter_file(i) +
           "\" media-type=\"application/xhtml+xml\"/>\n";
  }
  out += "</manifest>\n<spine>\n<itemref idref=\"cover\" linear=\"no\"/>\n<itemref idref=\"title-page\"/>\n";
  out += "<itemref idref=\"nav\"/>\n";
  for (std::size_t i = 0; i < book.chapters.size(); ++i) {
    out += "<itemref idref=\"chapter-" + zero_padded(i + 1, 3) + "\"/>\n";
  }
  out += "</spine>\n</package>\n";
  return out;
}

}  // namespace

void render_epub(const BookDocument& book, const std::filesystem::path& destination) {
  ZipWriter zip(destination);
  // The mimetype comes first and uncompressed, so a reader recognises the file by its first bytes.
  zip.add("mimetype", "application/epub+zip", false);
  zip.add("META-INF/container.xml", std::string(kContainer));
  zip.add("OEBPS/package.opf", package_document(book));
  zip.add("OEBPS/nav.xhtml", navigation(book));
  zip.add("OEBPS/style.css", std::string(kStylesheet));
  // PNG is compressed already.
  zip.add("OEBPS/cover.png", render_cover_png(book), false);
  zip.add("OEBPS/cover.xhtml", cover_page(book));
  zip.add("OEBPS/title.xhtml", title_page(book));
  for (std::size_t i = 0; i < book.chapters.size(); ++i) zip.add("OEBPS/" + chapter_file(i), chapter_page(book, i));
  zip.finish();
}

}  // namespace authorworks::exporting
