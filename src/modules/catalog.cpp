#include "modules/catalog.hpp"

#include "modules/content/content_module.hpp"
#include "modules/db/db_module.hpp"
#include "modules/discovery/discovery_module.hpp"
#include "modules/editor/editor_module.hpp"
#include "modules/gateway/gateway_module.hpp"
#include "modules/messaging/messaging_module.hpp"
#include "modules/redis/redis_module.hpp"
#include "modules/storage/storage_module.hpp"
#include "modules/users/users_module.hpp"
#include "modules/web/web_module.hpp"

namespace authorworks {

ModuleGraph build_module_graph() {
  ModuleGraph graph;
  // Internal modules (no port): they start only when a module of the target depends on them, and
  // always in `all`.
  graph.add({"db", {}, 0, [] { return make_db_module(); }});
  graph.add({"redis", {}, 0, [] { return make_redis_module(); }});
  graph.add({"web", {}, 0, [] { return make_web_module(); }});
  graph.add({"users", {"db", "redis"}, 3001, [] { return make_users_module(); }});
  // Before content, so that in one process the engine finds the messaging module's
  // NotificationService (ties start in registration order).
  graph.add({"messaging", {"db", "redis"}, 3006, [] { return make_messaging_module(); }});
  graph.add({"content", {"db", "redis"}, 3002, [] { return make_content_module(); }});
  graph.add({"storage", {"db", "redis"}, 3003, [] { return make_storage_module(); }});
  graph.add({"editor", {"db", "redis"}, 3004, [] { return make_editor_module(); }});
  graph.add({"discovery", {"db", "redis"}, 3007, [] { return make_discovery_module(); }});
  graph.add({"gateway", {}, 3010, [] { return make_gateway_module(); }, /*standalone_only=*/true});
  return graph;
}

}  // namespace authorworks
