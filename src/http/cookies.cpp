#include "http/cookies.hpp"

#include "core/text.hpp"
#include "http/request.hpp"

namespace authorworks::http {

std::optional<std::string> cookie(const Request& request, std::string_view name) {
  for (const auto& [header, value] : request.headers.entries()) {
    if (!iequals(header, "Cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      const auto pair = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != name) continue;
      auto v = trim(pair.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
  }
  return std::nullopt;
}

std::string set_cookie(std::string_view name, std::string_view value, const CookieOptions& options) {
  std::string out;
  out += name;
  out += '=';
  out += value;
  out += "; Path=";
  out += options.path;
  out += "; Max-Age=";
  out += std::to_string(options.max_age.count());
  if (options.http_only) out += "; HttpOnly";
  if (options.secure) out += "; Secure";
  out += "; SameSite=";
  out += options.same_site;
  return out;
}

}  // namespace authorworks::http
