#include "export/zip_writer.hpp"

#include "core/error.hpp"

namespace authorworks::exporting {
namespace {

// 2000-01-01 00:00:00 UTC: zip dates start in 1980 and are local times without a zone, so a date
// far from both edges reads the same everywhere.
constexpr time_t kEntryTime = 946684800;

}  // namespace

ZipWriter::ZipWriter(const std::filesystem::path& destination) : destination_(destination) {
  int error_code = 0;
  archive_ = zip_open(destination.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error_code);
  if (archive_ == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, error_code);
    const std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw Error(ErrorCode::internal, "cannot create '" + destination.string() + "': " + message);
  }
}

ZipWriter::~ZipWriter() {
  if (archive_ != nullptr) zip_discard(archive_);
}

void ZipWriter::fail(const std::string& what) {
  const std::string message = archive_ != nullptr ? zip_strerror(archive_) : "no archive";
  throw Error(ErrorCode::internal, what + " '" + destination_.string() + "': " + message);
}

void ZipWriter::add(const std::string& name, std::string content, bool compress) {
  if (archive_ == nullptr) fail("the archive is already written:");
  auto& stored = contents_.emplace_back(std::move(content));
  zip_source_t* source = zip_source_buffer(archive_, stored.data(), stored.size(), 0);
  if (source == nullptr) fail("cannot add " + name + " to");
  const auto index = zip_file_add(archive_, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    fail("cannot add " + name + " to");
  }
  const auto entry = static_cast<zip_uint64_t>(index);
  if (zip_set_file_compression(archive_, entry, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) != 0 ||
      zip_file_set_mtime(archive_, entry, kEntryTime, 0) != 0) {
    fail("cannot set up " + name + " in");
  }
}

void ZipWriter::finish() {
  if (archive_ == nullptr) fail("the archive is already written:");
  if (zip_close(archive_) != 0) fail("cannot write");
  archive_ = nullptr;
  contents_.clear();
}

}  // namespace authorworks::exporting
