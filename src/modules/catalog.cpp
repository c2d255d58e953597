#include "modules/catalog.hpp"

#include "modules/content/content_module.hpp"
#include "modules/db/db_module.hpp"
#include "modules/redis/redis_module.hpp"
#include "modules/storage/storage_module.hpp"
#include "modules/users/users_module.hpp"
#include "modules/web/web_module.hpp"

namespace authorworks {

std::uint16_t default_port(std::string_view target) {
  if (target == "users") return 3001;
  if (target == "content") return 3002;
  if (target == "storage") return 3003;
  if (target == "editor") return 3004;
  if (target == "messaging") return 3006;
  if (target == "discovery") return 3007;
  if (target == "media") return 3008;
  if (target == "billing") return 3009;
  return 8080;
}

ModuleGraph build_module_graph() {
  ModuleGraph graph;
  // Internal modules (no port): they start only when a module of the target depends on them, and
  // always in `all`.
  graph.add({"db", {}, 0, [] { return make_db_module(); }});
  graph.add({"redis", {}, 0, [] { return make_redis_module(); }});
  graph.add({"web", {}, 0, [] { return make_web_module(); }});
  graph.add({"users", {"db", "redis"}, 3001, [] { return make_users_module(); }});
  graph.add({"content", {"db", "redis"}, 3002, [] { return make_content_module(); }});
  graph.add({"storage", {"db", "redis"}, 3003, [] { return make_storage_module(); }});
  return graph;
}

}  // namespace authorworks
