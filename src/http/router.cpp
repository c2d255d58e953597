#include "http/router.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <stdexcept>

namespace authorworks::http {
namespace {

// A path's segments, as views of it: matching a request allocates nothing for paths of up to 16
// segments.
using Segments = boost::container::small_vector<std::string_view, 16>;
// One digit per segment, see match_segments.
using Score = boost::container::small_vector<int, 16>;

Segments split_path(std::string_view path) {
  Segments out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const auto next = path.find('/', i);
    const auto end = next == std::string_view::npos ? path.size() : next;
    out.push_back(path.substr(i, end - i));
    i = end;
  }
  return out;
}

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

void validate_pattern(const std::string& pattern, const std::vector<std::string>& segments) {
  if (pattern.empty() || pattern.front() != '/')
    throw std::invalid_argument("route '" + pattern + "' must start with '/'");
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& s = segments[i];
    if (s.front() == ':' && !valid_name(std::string_view(s).substr(1))) {
      throw std::invalid_argument("route '" + pattern + "' has an invalid parameter name '" + s + "'");
    }
    if (s.front() == '*' && (i + 1 != segments.size() || !valid_name(std::string_view(s).substr(1)))) {
      throw std::invalid_argument("route '" + pattern + "': a wildcard must be the last segment and be named");
    }
  }
}

// Score: one digit per segment, literal = 2, parameter = 1, wildcard = 0; higher is more specific. A pattern
// without a wildcard ends with 3, so `/api/docs` beats `/api/docs/*file` for the path `/api/docs` (where the
// wildcard matches nothing and would otherwise win lexicographically by being longer).
bool match_segments(const Route& route, const Segments& path, Score& score) {
  const auto& pat = route.segments;
  score.clear();
  for (std::size_t i = 0; i < pat.size(); ++i) {
    const auto& p = pat[i];
    if (p.front() == '*') {
      score.push_back(0);
      return true;
    }
    if (i >= path.size()) return false;
    if (p.front() == ':') {
      score.push_back(1);
    } else if (p == path[i]) {
      score.push_back(2);
    } else {
      return false;
    }
  }
  if (pat.size() != path.size()) return false;
  score.push_back(3);
  return true;
}

// The parameters of `route`, which matches `path`.
std::unordered_map<std::string, std::string> params_of(const Route& route, const Segments& path) {
  std::unordered_map<std::string, std::string> params;
  const auto& pat = route.segments;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    const auto& p = pat[i];
    if (p.front() == '*') {
      std::string rest;
      for (std::size_t k = i; k < path.size(); ++k) {
        if (!rest.empty()) rest += '/';
        rest += path[k];
      }
      params[p.substr(1)] = std::move(rest);
      break;
    }
    if (p.front() == ':') params[p.substr(1)] = std::string(path[i]);
  }
  return params;
}

bool same_shape(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    // A parameter and a wildcard differ (the wildcard also takes deeper paths); names do not matter.
    const char a_kind = a[i].front() == ':' || a[i].front() == '*' ? a[i].front() : '/';
    const char b_kind = b[i].front() == ':' || b[i].front() == '*' ? b[i].front() : '/';
    if (a_kind != b_kind || (a_kind == '/' && a[i] != b[i])) return false;
  }
  return true;
}

}  // namespace

void Router::add(Method method, std::string pattern, Handler handler, RouteOptions options) {
  auto route = std::make_unique<Route>();
  for (const auto segment : split_path(pattern)) route->segments.emplace_back(segment);
  validate_pattern(pattern, route->segments);
  for (const auto& existing : routes_) {
    if (existing->method == method && same_shape(existing->segments, route->segments)) {
      throw std::invalid_argument("route " + std::string(to_string(method)) + " " + pattern +
                                  " is registered twice (as " + existing->pattern + ")");
    }
  }
  route->method = method;
  route->pattern = std::move(pattern);
  route->handler = std::move(handler);
  route->options = options;
  routes_.push_back(std::move(route));
}

void Router::websocket(std::string pattern, WebSocketFactory factory) {
  add(Method::get, std::move(pattern), nullptr, RouteOptions{});
  routes_.back()->websocket = std::move(factory);
}

void Router::set_fallback(Handler handler, RouteOptions options) {
  fallback_ = std::make_unique<Route>();
  fallback_->method = Method::get;
  fallback_->pattern = "/*path";
  fallback_->handler = std::move(handler);
  fallback_->options = options;
}

RouteMatch Router::match(Method method, std::string_view path) const {
  const auto segments = split_path(path);
  const Method wanted = method == Method::head ? Method::get : method;
  RouteMatch best;
  Score best_score;
  Score score;
  for (const auto& route : routes_) {
    if (!match_segments(*route, segments, score)) continue;
    if (route->method != wanted) {
      if (std::find(best.allowed.begin(), best.allowed.end(), route->method) == best.allowed.end()) {
        best.allowed.push_back(route->method);
      }
      continue;
    }
    if (best.route == nullptr || score > best_score) {
      best.route = route.get();
      best_score = score;
    }
  }
  if (best.route != nullptr) {
    best.params = params_of(*best.route, segments);
    best.kind = RouteMatch::Kind::found;
    return best;
  }
  if (!best.allowed.empty()) {
    if (std::find(best.allowed.begin(), best.allowed.end(), Method::get) != best.allowed.end()) {
      best.allowed.push_back(Method::head);
    }
    best.allowed.push_back(Method::options);
    best.kind = RouteMatch::Kind::method_not_allowed;
  }
  return best;
}

std::string allow_header(const std::vector<Method>& methods) {
  std::string out;
  for (const auto m : methods) {
    if (!out.empty()) out += ", ";
    out += to_string(m);
  }
  return out;
}

}  // namespace authorworks::http
