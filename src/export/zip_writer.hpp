#pragma once
// A zip file written with libzip: entries added in order, then written in one go by finish(), to a
// temporary file that replaces the destination only when complete. Every entry carries the same
// fixed date, so the same entries make the same bytes.
#include <zip.h>

#include <filesystem>
#include <list>
#include <string>
#include <string_view>

namespace authorworks::exporting {

class ZipWriter {
 public:
  // Throws Error(internal) when the destination cannot be opened.
  explicit ZipWriter(const std::filesystem::path& destination);
  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // `compress` false stores the bytes as they are (the EPUB's mimetype must be).
  void add(const std::string& name, std::string content, bool compress = true);
  // Writes the archive; without it, the destination is left as it was.
  void finish();

 private:
  [[noreturn]] void fail(const std::string& what);

  std::filesystem::path destination_;
  zip_t* archive_ = nullptr;
  // libzip reads the entries' bytes only when the archive is written, so they live until then.
  std::list<std::string> contents_;
};

}  // namespace authorworks::exporting
