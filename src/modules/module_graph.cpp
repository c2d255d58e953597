#include "modules/module_graph.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>

namespace authorworks {

void ModuleGraph::add(ModuleDefinition definition) {
  if (definition.name.empty() || definition.name == "all") {
    throw ModuleGraphError("a module needs a name other than 'all'");
  }
  if (find(definition.name) != nullptr) throw ModuleGraphError("module '" + definition.name + "' is registered twice");
  definitions_.push_back(std::move(definition));
}

const ModuleDefinition* ModuleGraph::find(std::string_view name) const {
  const auto it = std::find_if(definitions_.begin(), definitions_.end(), [&](const auto& d) { return d.name == name; });
  return it == definitions_.end() ? nullptr : &*it;
}

std::vector<std::string> ModuleGraph::targets() const {
  std::vector<std::string> out{"all"};
  for (const auto& d : definitions_) {
    if (d.service_port != 0) out.push_back(d.name);
  }
  return out;
}

std::vector<std::string> ModuleGraph::start_order(std::string_view target) const {
  std::vector<std::string> roots;
  if (target == "all") {
    for (const auto& d : definitions_) {
      if (!d.standalone_only) roots.push_back(d.name);
    }
  } else {
    const auto* d = find(target);
    if (d == nullptr || d->service_port == 0) throw ModuleGraphError("unknown target '" + std::string(target) + "'");
    roots.push_back(d->name);
  }

  enum class Mark { none, visiting, done };
  std::unordered_map<std::string, Mark> marks;
  std::vector<std::string> order;
  std::vector<std::string> path;

  std::function<void(const std::string&)> visit = [&](const std::string& name) {
    const auto* d = find(name);
    if (d == nullptr) {
      throw ModuleGraphError("module '" + (path.empty() ? name : path.back()) + "' depends on '" + name +
                             "', which is not registered");
    }
    auto& mark = marks[name];
    if (mark == Mark::done) return;
    if (mark == Mark::visiting) {
      std::string cycle;
      const auto from = std::find(path.begin(), path.end(), name);
      for (auto it = from; it != path.end(); ++it) cycle += *it + " -> ";
      throw ModuleGraphError("module dependency cycle: " + cycle + name);
    }
    mark = Mark::visiting;
    path.push_back(name);
    for (const auto& dep : d->dependencies) visit(dep);
    path.pop_back();
    marks[name] = Mark::done;
    order.push_back(name);
  };
  for (const auto& root : roots) visit(root);
  return order;
}

}  // namespace authorworks
