#include "auth/secret_store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <optional>
#include <system_error>
#include <utility>

#include "auth/sodium.hpp"
#include "core/config.hpp"
#include "core/text.hpp"

namespace authorworks::auth {
namespace {

constexpr std::size_t secret_bytes = 32;
constexpr std::size_t min_secret_chars = 32;  // as for JWT_SECRET
constexpr std::size_t max_file_bytes = 4096;

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
  throw ConfigError("JWT_SECRET", "the generated secret in " + file.string() + " " + what);
}

[[noreturn]] void fail_errno(const std::filesystem::path& file, const std::string& what, int error) {
  fail(file, what + ": " + std::strerror(error));
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// The file's text without surrounding whitespace; nullopt when it does not exist.
std::optional<std::string> read_secret_file(const std::filesystem::path& file) {
  const FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    fail_errno(file, "cannot be read", errno);
  }
  std::string text;
  std::array<char, 512> buffer{};
  while (text.size() <= max_file_bytes) {
    const auto got = ::read(fd.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail_errno(file, "cannot be read", errno);
    if (got == 0) break;
    text.append(buffer.data(), static_cast<std::size_t>(got));
  }
  if (text.size() > max_file_bytes) fail(file, "is larger than a secret can be");
  return std::string(trim(text));
}

std::string checked(const std::filesystem::path& file, std::string secret) {
  if (secret.size() < min_secret_chars) {
    fail(file, "holds fewer than " + std::to_string(min_secret_chars) +
                   " characters; delete it to generate a new one (this signs everyone out)");
  }
  return secret;
}

std::string new_secret() {
  ensure_sodium();
  std::array<unsigned char, secret_bytes> random{};
  randombytes_buf(random.data(), random.size());
  std::array<char, secret_bytes * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
  sodium_memzero(random.data(), random.size());
  std::string secret(hex.data(), secret_bytes * 2);
  sodium_memzero(hex.data(), hex.size());
  return secret;
}

void write_all(const std::filesystem::path& file, int fd, std::string_view text) {
  while (!text.empty()) {
    const auto written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) fail_errno(file, "cannot be written", written < 0 ? errno : EIO);
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

void sync_folder(const std::filesystem::path& folder) noexcept {
  const FileDescriptor fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

// Writes `secret` to a private temporary file beside `file` and hard-links it into place: link()
// fails with EEXIST rather than replacing an existing file, so the first process to get there wins
// and `file` is never seen half-written. Returns false when another process won.
bool publish(const std::filesystem::path& file, const std::string& secret) {
  const auto folder = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  std::array<unsigned char, 8> random{};
  randombytes_buf(random.data(), random.size());
  std::array<char, 17> suffix{};
  sodium_bin2hex(suffix.data(), suffix.size(), random.data(), random.size());
  const auto temp = folder / ("." + file.filename().string() + ".tmp-" + suffix.data());

  {
    FileDescriptor fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0) fail_errno(temp, "cannot be created", errno);
    try {
      if (::fchmod(fd.get(), 0600) != 0) fail_errno(temp, "cannot be made private", errno);
      write_all(temp, fd.get(), secret + "\n");
      if (::fsync(fd.get()) != 0) fail_errno(temp, "cannot be flushed to disk", errno);
      if (::close(fd.release()) != 0) fail_errno(temp, "cannot be closed", errno);
    } catch (...) {
      ::unlink(temp.c_str());
      throw;
    }
  }
  const int linked = ::link(temp.c_str(), file.c_str());
  const int link_error = errno;
  ::unlink(temp.c_str());
  if (linked == 0) {
    sync_folder(folder);
    return true;
  }
  if (link_error == EEXIST) return false;
  fail(file, std::string("cannot be created: ") + std::strerror(link_error) +
                 " (on a file system without hard links, set JWT_SECRET instead)");
}

}  // namespace

std::string load_or_create_secret(const std::filesystem::path& file) {
  if (auto existing = read_secret_file(file)) return checked(file, std::move(*existing));

  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) fail(file, "cannot be stored: its folder cannot be created: " + ec.message());

  auto secret = new_secret();
  if (publish(file, secret)) return secret;
  // Another process created the file first; it is complete, because it was linked into place only
  // after being written and flushed.
  auto winner = read_secret_file(file);
  if (!winner) fail(file, "vanished while being created");
  return checked(file, std::move(*winner));
}

}  // namespace authorworks::auth
