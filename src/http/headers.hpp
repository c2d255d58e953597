#pragma once
// A small ordered header list with case-insensitive lookup. Kept free of Beast so that module code
// (routes, domain logic) never includes the heavy networking headers.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authorworks::http {

bool iequals(std::string_view a, std::string_view b) noexcept;

class Headers {
 public:
  using Entry = std::pair<std::string, std::string>;

  std::optional<std::string_view> get(std::string_view name) const noexcept;
  bool contains(std::string_view name) const noexcept { return get(name).has_value(); }
  void set(std::string_view name, std::string_view value);  // replaces
  void add(std::string_view name, std::string_view value);  // appends (Set-Cookie, Vary)
  void erase(std::string_view name);

  const std::vector<Entry>& entries() const noexcept { return entries_; }
  bool empty() const noexcept { return entries_.empty(); }

 private:
  std::vector<Entry> entries_;
};

}  // namespace authorworks::http
