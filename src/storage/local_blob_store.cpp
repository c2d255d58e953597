#include "storage/local_blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/error.hpp"
#include "http/trace.hpp"
#include "storage/blob_key.hpp"

namespace authorworks::storage {
namespace {

constexpr std::size_t kReadPiece = 64 * 1024;
constexpr std::array<Bucket, 3> kBuckets{Bucket::books, Bucket::exports, Bucket::uploads};

Error disk_error(const std::string& what, int error_number) {
  return Error(ErrorCode::unavailable, "the file store could not " + what + ": " + std::strerror(error_number));
}

// Size and modification time: they change whenever a rename puts new bytes under the name.
std::string etag_of(const struct stat& st) {
  char text[64];
  const auto n = std::snprintf(text, sizeof text, "%llx-%llx", static_cast<unsigned long long>(st.st_size),
                               static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1'000'000'000ULL +
                                   static_cast<unsigned long long>(st.st_mtim.tv_nsec));
  return std::string(text, static_cast<std::size_t>(n));
}

void fsync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

class LocalBlobWriter final : public BlobWriter {
 public:
  explicit LocalBlobWriter(std::filesystem::path target) : target_(std::move(target)) {
    std::error_code ec;
    std::filesystem::create_directories(target_.parent_path(), ec);
    if (ec) throw disk_error("create " + target_.parent_path().string(), ec.value());
    temporary_ = target_.parent_path() / (".tmp-" + http::random_hex(12));
    fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd_ < 0) throw disk_error("create " + temporary_.string(), errno);
  }

  ~LocalBlobWriter() override {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) {
      std::error_code ec;
      std::filesystem::remove(temporary_, ec);
    }
  }

  void write(std::string_view bytes) override {
    while (!bytes.empty()) {
      const auto n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        throw disk_error("write " + temporary_.string(), errno);
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  BlobInfo commit() override {
    if (::fsync(fd_) != 0) throw disk_error("flush " + temporary_.string(), errno);
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) throw disk_error("close " + temporary_.string(), errno);
    if (::rename(temporary_.c_str(), target_.c_str()) != 0) throw disk_error("rename to " + target_.string(), errno);
    committed_ = true;
    fsync_directory(target_.parent_path());
    struct stat st {};
    if (::stat(target_.c_str(), &st) != 0) throw disk_error("read back " + target_.string(), errno);
    return {static_cast<std::uint64_t>(st.st_size), etag_of(st)};
  }

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace

LocalBlobStore::LocalBlobStore(std::filesystem::path root) : root_(std::move(root)) {}

std::string LocalBlobStore::describe() const { return "local directory " + root_.string(); }

std::filesystem::path LocalBlobStore::path_of(Bucket bucket, const std::string& key) const {
  check_blob_key(key);
  return root_ / std::string(bucket_name(bucket)) / key;
}

std::unique_ptr<BlobWriter> LocalBlobStore::open_writer(Bucket bucket, const std::string& key, std::string_view) {
  return std::make_unique<LocalBlobWriter>(path_of(bucket, key));
}

void LocalBlobStore::read(Bucket bucket, const std::string& key, std::uint64_t offset,
                          std::optional<std::uint64_t> length, const BlobSink& sink) {
  const auto path = path_of(bucket, key);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) throw not_found_error("blob " + key);
    throw disk_error("open " + path.string(), errno);
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw disk_error("read " + path.string(), errno);
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (offset > size) throw std::out_of_range("read past the end of blob " + key);
  std::uint64_t remaining = std::min(length.value_or(size - offset), size - offset);
  std::vector<char> piece(
      static_cast<std::size_t>(std::min<std::uint64_t>(kReadPiece, std::max<std::uint64_t>(remaining, 1))));
  auto at = static_cast<off_t>(offset);
  while (remaining > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, piece.size()));
    const auto n = ::pread(fd, piece.data(), want, at);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw disk_error("read " + path.string(), errno);
    }
    if (n == 0) throw Error(ErrorCode::internal, "blob " + key + " shrank while it was read");
    sink(std::string_view(piece.data(), static_cast<std::size_t>(n)));
    remaining -= static_cast<std::uint64_t>(n);
    at += n;
  }
}

std::optional<BlobInfo> LocalBlobStore::stat(Bucket bucket, const std::string& key) {
  const auto path = path_of(bucket, key);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw disk_error("read " + path.string(), errno);
  }
  return BlobInfo{static_cast<std::uint64_t>(st.st_size), etag_of(st)};
}

void LocalBlobStore::remove(Bucket bucket, const std::string& key) {
  const auto path = path_of(bucket, key);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR) {
    throw disk_error("remove " + path.string(), errno);
  }
}

std::optional<std::filesystem::path> LocalBlobStore::local_path(Bucket bucket, const std::string& key) const {
  return path_of(bucket, key);
}

std::optional<std::string> LocalBlobStore::presigned_get_url(Bucket, const std::string&, std::chrono::seconds) const {
  return std::nullopt;
}

void LocalBlobStore::prepare() {
  for (const auto bucket : kBuckets) {
    std::error_code ec;
    const auto dir = root_ / std::string(bucket_name(bucket));
    std::filesystem::create_directories(dir, ec);
    if (ec) throw disk_error("create " + dir.string(), ec.value());
  }
}

ReadinessCheck LocalBlobStore::check() {
  for (const auto bucket : kBuckets) {
    const auto dir = root_ / std::string(bucket_name(bucket));
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
      return {"object store", false, describe() + ": " + dir.string() + " is not writable: " + std::strerror(errno)};
    }
  }
  return {"object store", true, describe()};
}

}  // namespace authorworks::storage
