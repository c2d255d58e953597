#include "storage/mime_sniffer.hpp"

#include <magic.h>

#include <array>
#include <stdexcept>

#include "core/text.hpp"

namespace authorworks::storage {

MimeSniffer::MimeSniffer() {
  auto* cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
  if (cookie == nullptr) throw std::runtime_error("libmagic could not start");
  if (magic_load(cookie, nullptr) != 0) {
    const std::string why = magic_error(cookie) != nullptr ? magic_error(cookie) : "unknown error";
    magic_close(cookie);
    throw std::runtime_error("libmagic could not load its database: " + why);
  }
  cookie_ = cookie;
}

MimeSniffer::~MimeSniffer() { magic_close(static_cast<magic_t>(cookie_)); }

std::string MimeSniffer::sniff(std::string_view head) const {
  if (head.empty()) return "application/x-empty";
  std::lock_guard lock(mutex_);
  const char* type = magic_buffer(static_cast<magic_t>(cookie_), head.data(), head.size());
  return type != nullptr ? std::string(type) : std::string("application/octet-stream");
}

std::optional<std::string> MimeSniffer::allowed_type(std::string_view sniffed, std::string_view name) {
  static constexpr std::array<std::string_view, 11> kExact{
      "image/png",
      "image/jpeg",
      "image/gif",
      "image/webp",
      "application/pdf",
      "application/epub+zip",
      "application/zip",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.oasis.opendocument.text",
      "application/json",
      "text/markdown",
  };
  for (const auto type : kExact) {
    if (sniffed == type) return std::string(type);
  }
  // libmagic names markdown, and prose that happens to look like code or a table (commas on every
  // line), text/plain, text/csv or text/x-<kind>; they are all text. Markup a browser would render
  // or a script is not.
  const bool text = sniffed == "text/plain" || sniffed == "text/x-markdown" || sniffed == "text/csv" ||
                    (sniffed.starts_with("text/x-") && sniffed.find("script") == std::string_view::npos);
  if (!text) return std::nullopt;
  const auto lower = to_lower(name);
  if (lower.ends_with(".md") || lower.ends_with(".markdown")) return "text/markdown; charset=utf-8";
  return "text/plain; charset=utf-8";
}

}  // namespace authorworks::storage
