#include "http/static_files.hpp"

#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace authorworks::http {
namespace {

constexpr std::uintmax_t kInlineLimit = 2 * 1024 * 1024;  // smaller text files are read so they can be gzipped

std::string etag_for(const std::filesystem::path& file, std::error_code& ec) {
  const auto size = std::filesystem::file_size(file, ec);
  const auto mtime = std::filesystem::last_write_time(file, ec).time_since_epoch().count();
  std::ostringstream out;
  out << "W/\"" << std::hex << size << '-' << mtime << '"';
  return out.str();
}

bool is_text_type(std::string_view type) {
  return type.starts_with("text/") || type.find("javascript") != std::string_view::npos ||
         type.find("json") != std::string_view::npos || type.starts_with("image/svg");
}

Response serve_file(const Request& request, const std::filesystem::path& file, bool immutable) {
  std::error_code ec;
  const auto etag = etag_for(file, ec);
  const auto type = content_type_for(file);
  Response r;
  r.headers.set("Content-Type", type);
  r.headers.set("ETag", etag);
  r.headers.set("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.set("X-Content-Type-Options", "nosniff");
  if (const auto inm = request.header("If-None-Match"); inm && *inm == etag) {
    r.status = 304;
    return r;
  }
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec && size <= kInlineLimit && is_text_type(type)) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    r.body = ss.str();
  } else {
    r.file = file;
  }
  return r;
}

bool has_dot_segment(std::string_view path) {
  std::size_t pos = 0;
  while (pos <= path.size()) {
    const auto next = path.find('/', pos);
    const auto seg = path.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
    if (seg == ".." || seg == ".") return true;
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return false;
}

}  // namespace

std::string_view content_type_for(const std::filesystem::path& path) noexcept {
  const auto ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".gif") return "image/gif";
  if (ext == ".webp") return "image/webp";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".wasm") return "application/wasm";
  return "application/octet-stream";
}

Handler make_static_handler(std::filesystem::path dist_dir) {
  std::error_code ec;
  auto root = std::filesystem::weakly_canonical(dist_dir, ec);
  return [root](Request& request) -> Response {
    const std::string_view path = request.path;
    if (path.starts_with("/api/") || path == "/api" || path.starts_with("/ws")) {
      throw Error(ErrorCode::not_found, "no API route answers " + std::string(path));
    }
    if (has_dot_segment(path) || path.find('\0') != std::string_view::npos) {
      throw Error(ErrorCode::not_found, "no file answers " + std::string(path));
    }
    std::error_code fs_ec;
    const auto relative = std::filesystem::path(std::string(path.substr(
        path.find_first_not_of('/') == std::string_view::npos ? path.size() : path.find_first_not_of('/'))));
    const auto candidate = root / relative;
    if (!relative.empty() && std::filesystem::is_regular_file(candidate, fs_ec)) {
      const bool immutable = path.starts_with("/assets/");
      return serve_file(request, candidate, immutable);
    }
    // A client-side route (no file extension): the app's index.html takes it from there.
    if (relative.empty() || !relative.has_extension()) {
      const auto index = root / "index.html";
      if (std::filesystem::is_regular_file(index, fs_ec)) return serve_file(request, index, false);
    }
    throw Error(ErrorCode::not_found, "no file answers " + std::string(path));
  };
}

}  // namespace authorworks::http
