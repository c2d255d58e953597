#include "export/markdown_zip.hpp"

#include "export/markdown_renderer.hpp"
#include "export/zip_writer.hpp"

namespace authorworks::exporting {

void write_markdown_zip(const BookDocument& book, const std::filesystem::path& destination) {
  ZipWriter zip(destination);
  for (auto& file : render_chapter_files(book)) zip.add(file.name, std::move(file.content));
  zip.finish();
}

}  // namespace authorworks::exporting
