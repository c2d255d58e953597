#pragma once
// What a file really is, from its first bytes (libmagic), whatever name or type the client gave,
// and whether AuthorWorks keeps files of that kind.
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace authorworks::storage {

class MimeSniffer {
 public:
  // How many leading bytes sniff() wants; fewer are fine for a shorter file.
  static constexpr std::size_t kSniffBytes = 8192;

  // Loads the system's magic database; throws std::runtime_error when it cannot.
  MimeSniffer();
  ~MimeSniffer();
  MimeSniffer(const MimeSniffer&) = delete;
  MimeSniffer& operator=(const MimeSniffer&) = delete;

  // libmagic's MIME type for `head`, e.g. "image/png", "text/plain". Thread-safe.
  std::string sniff(std::string_view head) const;

  // The type a file is stored and served as, when `sniffed` is on the allow-list (images png, jpeg,
  // gif, webp; pdf; plain text and markdown; epub; zip; docx and odt; json); nullopt otherwise.
  // `name` only tells plain text from markdown (.md, .markdown), which libmagic cannot.
  static std::optional<std::string> allowed_type(std::string_view sniffed, std::string_view name);

 private:
  mutable std::mutex mutex_;  // a magic cookie is not safe to share between threads
  void* cookie_ = nullptr;
};

}  // namespace authorworks::storage
