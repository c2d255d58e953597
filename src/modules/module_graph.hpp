#pragma once
// The module graph, in the manner of Grafana Loki's dskit: each module names its dependencies, a
// target is a module or `all` (every module but the standalone-only ones), start order is a topological sort
// (dependencies first, ties in registration order) and stop order its reverse.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "modules/module.hpp"

namespace authorworks {

class ModuleGraphError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ModuleGraph {
 public:
  void add(ModuleDefinition definition);

  // The modules to run for `target`, dependencies first. Throws ModuleGraphError for an unknown
  // target, a dependency that is not registered, or a cycle (naming the modules on it).
  std::vector<std::string> start_order(std::string_view target) const;

  // "all" followed by every module that can run alone, in registration order.
  std::vector<std::string> targets() const;

  const ModuleDefinition* find(std::string_view name) const;
  const std::vector<ModuleDefinition>& definitions() const noexcept { return definitions_; }

 private:
  std::vector<ModuleDefinition> definitions_;
};

}  // namespace authorworks
