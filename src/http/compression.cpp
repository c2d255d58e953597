#include "http/compression.hpp"

#include <zlib.h>

#include <stdexcept>

#include "core/text.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace authorworks::http {
namespace {
constexpr std::size_t kMinimumSize = 860;  // below this the gzip header costs more than it saves

bool accepts_gzip(std::string_view accept_encoding) {
  std::size_t pos = 0;
  while (pos < accept_encoding.size()) {
    const auto comma = accept_encoding.find(',', pos);
    auto item =
        trim(accept_encoding.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    pos = comma == std::string_view::npos ? accept_encoding.size() : comma + 1;
    const auto semi = item.find(';');
    const auto coding = trim(item.substr(0, semi));
    if (coding != "gzip" && coding != "*") continue;
    if (semi != std::string_view::npos) {
      auto q = trim(item.substr(semi + 1));
      if (q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000") return false;
    }
    return true;
  }
  return false;
}

bool is_text(std::string_view type) {
  return type.starts_with("text/") || type.find("json") != std::string_view::npos ||
         type.find("javascript") != std::string_view::npos || type.find("xml") != std::string_view::npos ||
         type.starts_with("image/svg");
}
}  // namespace

bool should_gzip(const Request& request, const Response& response) noexcept {
  if (response.file || response.stream || response.body_stream || response.body.size() < kMinimumSize) return false;
  if (response.headers.contains("Content-Encoding")) return false;
  const auto type = response.headers.get("Content-Type");
  if (!type || !is_text(*type)) return false;
  const auto accept = request.header("Accept-Encoding");
  return accept && accepts_gzip(*accept);
}

std::string gzip(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib: deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
  out.resize(zs.total_out);
  return out;
}

void apply_gzip(Response& response) {
  response.body = gzip(response.body);
  response.headers.set("Content-Encoding", "gzip");
  response.headers.add("Vary", "Accept-Encoding");
}

}  // namespace authorworks::http
