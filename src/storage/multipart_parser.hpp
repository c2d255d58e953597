#pragma once
// A streaming multipart/form-data parser (RFC 7578 over RFC 2046's multipart syntax): fed the body
// in pieces of any size, it hands each part's headers and then its bytes to callbacks as they
// arrive, holding no more than one piece plus a boundary's length. Malformed input is
// Error(bad_request) naming what is wrong.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace authorworks::storage {

struct MultipartPart {
  std::string name;                     // the form field (Content-Disposition name=)
  std::optional<std::string> filename;  // set for file fields, as the client sent it (unsanitised)
  std::string content_type;             // the part's Content-Type, "text/plain" when absent
};

struct MultipartHandler {
  std::function<void(const MultipartPart&)> begin_part{};
  std::function<void(std::string_view bytes)> part_data{};
  std::function<void()> end_part{};
};

class MultipartParser {
 public:
  static constexpr std::size_t kMaxHeaderBytes = 8 * 1024;  // one part's header block
  static constexpr std::size_t kMaxParts = 64;

  // The boundary of a `multipart/form-data; boundary=...` Content-Type; nullopt when the type is
  // another one or the boundary is missing or invalid (1 to 70 characters, RFC 2046).
  static std::optional<std::string> boundary_of(std::string_view content_type);

  MultipartParser(std::string boundary, MultipartHandler handler);

  void feed(std::string_view bytes);
  // The body has ended: throws Error(bad_request) unless the closing boundary was seen.
  void finish();

 private:
  enum class State { preamble, after_boundary, headers, body, epilogue };

  void run();
  bool step();
  void parse_headers(std::string_view block);

  std::string delimiter_;  // CRLF "--" boundary
  MultipartHandler handler_;
  std::string buffer_;
  std::size_t consumed_ = 0;
  State state_ = State::preamble;
  std::size_t parts_ = 0;
};

}  // namespace authorworks::storage
