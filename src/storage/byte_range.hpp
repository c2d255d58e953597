#pragma once
// One byte range of a Range header (RFC 9110, section 14): "bytes=0-99", "bytes=100-", "bytes=-100".
#include <cstdint>
#include <optional>
#include <string_view>

namespace authorworks::storage {

struct ByteRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct RangeRequest {
  enum class Kind { whole, partial, unsatisfiable };
  Kind kind = Kind::whole;
  ByteRange range;  // for partial
};

// What a Range header asks of a resource of `size` bytes. Anything this server does not serve as a
// single range (another unit, several ranges, malformed text) is answered with the whole resource,
// as RFC 9110 allows; a well-formed range that starts past the end is unsatisfiable.
RangeRequest parse_range(std::optional<std::string_view> header, std::uint64_t size);

}  // namespace authorworks::storage
