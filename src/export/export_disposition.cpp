#include "export/export_disposition.hpp"

#include "export/slug.hpp"
#include "export/xml_text.hpp"

namespace authorworks::exporting {
namespace {

bool is_attr_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
}

// The title as a file name: what XML cannot carry is dropped (controls, broken UTF-8), as are line
// breaks and tabs, and path
// separators become dashes, so a client cannot be pointed at another folder.
std::string clean_title(std::string_view title) {
  std::string clean;
  for (const char c : title) {
    if (c == '/' || c == '\\') {
      clean += '-';
    } else if (c != '\t' && c != '\n' && c != '\r') {
      clean += c;
    }
  }
  const auto valid = clean_xml_text(clean);
  const auto start = valid.find_first_not_of(" .");
  return start == std::string::npos ? std::string() : valid.substr(start);
}

}  // namespace

std::string export_disposition(std::string_view title, ExportFormat format) {
  const std::string extension(file_extension(format));
  const auto slug_name = slugify(title) + extension;
  std::string value = "attachment; filename=\"" + slug_name + "\"";
  const auto title_name = clean_title(title);
  if (title_name.empty() || title_name + extension == slug_name) return value;
  static constexpr char kDigits[] = "0123456789ABCDEF";
  value += "; filename*=UTF-8''";
  for (const char c : title_name + extension) {
    if (is_attr_char(c)) {
      value += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      value += '%';
      value += kDigits[byte >> 4];
      value += kDigits[byte & 0x0F];
    }
  }
  return value;
}

}  // namespace authorworks::exporting
