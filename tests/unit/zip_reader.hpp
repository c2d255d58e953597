#pragma once
// Reads a zip file back for the export tests: every entry's name, compression method and bytes,
// in the archive's order.
#include <zip.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace authorworks::testing {

struct ZipEntry {
  std::string name;
  bool compressed = false;
  std::string content;
};

inline std::vector<ZipEntry> read_zip(const std::filesystem::path& path) {
  int error_code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error_code);
  if (archive == nullptr) throw std::runtime_error("cannot open " + path.string() + " as a zip");
  std::vector<ZipEntry> entries;
  const auto count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat);
    ZipEntry entry{stat.name, stat.comp_method != ZIP_CM_STORE, std::string(stat.size, '\0')};
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    if (file == nullptr || zip_fread(file, entry.content.data(), stat.size) != static_cast<zip_int64_t>(stat.size)) {
      zip_discard(archive);
      throw std::runtime_error("cannot read " + entry.name + " in " + path.string());
    }
    zip_fclose(file);
    entries.push_back(std::move(entry));
  }
  zip_discard(archive);
  return entries;
}

inline const ZipEntry* find_entry(const std::vector<ZipEntry>& entries, std::string_view name) {
  for (const auto& entry : entries) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace authorworks::testing
