#pragma once
// A module is one part of the platform (users, content, storage, ...). It registers its routes
// and opens its connections in start(), closes them in stop(), and tells /ready how its
// dependencies are doing. Modules find each other's interfaces through the ServiceRegistry once,
// at start, and never through globals.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "modules/service_registry.hpp"

namespace authorworks {

struct Config;
class Metrics;
class WorkerPool;
namespace http {
class Router;
}

struct ReadinessCheck {
  std::string name;  // e.g. "database", "redis"
  bool ok = false;
  std::string detail;
};

struct ModuleContext {
  const Config& config;
  http::Router& router;
  WorkerPool& workers;
  Metrics& metrics;
  ServiceRegistry& services;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual void start(ModuleContext& context) = 0;
  virtual void stop() {}
  virtual std::vector<ReadinessCheck> check_readiness() { return {}; }
};

struct ModuleDefinition {
  std::string name;
  std::vector<std::string> dependencies;
  // The port the module listens on when it runs alone as a service; 0 for internal modules,
  // which are never a target of their own.
  std::uint16_t service_port = 0;
  std::function<std::unique_ptr<Module>()> create;
  // Only ever a target of its own: `all` leaves it out (the gateway's helper, which watches the
  // other services from outside).
  bool standalone_only = false;
};

}  // namespace authorworks
