#include "export/exporter.hpp"

#include <fstream>

#include "core/error.hpp"
#include "export/epub_renderer.hpp"
#include "export/markdown_renderer.hpp"
#include "export/markdown_zip.hpp"
#include "export/pdf_renderer.hpp"
#include "export/slug.hpp"
#include "generation/scene_text.hpp"

namespace authorworks::exporting {
namespace {

// Raised whenever a renderer's output changes for the same book, so stored exports are redone.
constexpr std::string_view kRendererVersion = "exports-1";

void write_text_file(const std::filesystem::path& destination, const std::string& content) {
  const auto temporary = std::filesystem::path(destination.string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) throw Error(ErrorCode::internal, "cannot write '" + temporary.string() + "'");
  }
  std::error_code ec;
  std::filesystem::rename(temporary, destination, ec);
  if (ec) throw Error(ErrorCode::internal, "cannot write '" + destination.string() + "': " + ec.message());
}

// Each field with its length in front, so no two different books serialise alike.
void add_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

}  // namespace

void render_export(const BookDocument& book, ExportFormat format, const std::filesystem::path& destination) {
  switch (format) {
    case ExportFormat::markdown: write_text_file(destination, render_book_markdown(book)); return;
    case ExportFormat::markdown_chapters: write_markdown_zip(book, destination); return;
    case ExportFormat::epub: render_epub(book, destination); return;
    case ExportFormat::pdf: render_pdf(book, destination); return;
  }
  throw Error(ErrorCode::internal, "unknown export format");
}

std::string export_content_hash(const BookDocument& book, ExportFormat format) {
  std::string canonical;
  std::size_t size = 256;
  for (const auto& chapter : book.chapters) {
    for (const auto& scene : chapter.scenes) size += scene.text.size() + scene.title.size() + 16;
  }
  canonical.reserve(size);
  add_field(canonical, kRendererVersion);
  add_field(canonical, format_name(format));
  add_field(canonical, book.id);
  add_field(canonical, book.title);
  add_field(canonical, book.author);
  add_field(canonical, llm::kind_name(book.kind));
  add_field(canonical, book.genre);
  add_field(canonical, book.writer);
  add_field(canonical, book.generated);
  add_field(canonical, book.language);
  // The modification time is left out: it moves when nothing a reader sees has changed (a job's
  // status), and the file made before stays right.
  for (const auto& chapter : book.chapters) {
    add_field(canonical, std::to_string(chapter.number));
    add_field(canonical, chapter.title);
    add_field(canonical, std::to_string(chapter.scenes.size()));
    for (const auto& scene : chapter.scenes) {
      add_field(canonical, std::to_string(scene.number));
      add_field(canonical, scene.title);
      add_field(canonical, scene.text);
    }
  }
  return generation::sha256_hex(canonical);
}

std::string export_file_name(const BookDocument& book, ExportFormat format) {
  return slugify(book.title) + std::string(file_extension(format));
}

}  // namespace authorworks::exporting
