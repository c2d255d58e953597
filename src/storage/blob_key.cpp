#include "storage/blob_key.hpp"

#include <stdexcept>
#include <string_view>

namespace authorworks::storage {

void check_blob_key(const std::string& key) {
  const auto refuse = [&key] { throw std::invalid_argument("not a valid blob key: '" + key + "'"); };
  if (key.empty() || key.size() > 512) refuse();
  for (const char ch : key) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f || c == '\\') refuse();
  }
  std::string_view rest = key;
  while (true) {
    const auto slash = rest.find('/');
    const auto segment = rest.substr(0, slash);
    if (segment.empty() || segment == "." || segment == "..") refuse();
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
}

}  // namespace authorworks::storage
