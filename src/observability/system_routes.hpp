#pragma once
// Routes every target serves: /health (liveness), /ready (each active module's dependencies),
// /metrics (Prometheus), and the API description and its docs page.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "modules/module.hpp"

namespace authorworks {
namespace http {
class Router;
}
class Metrics;

struct SystemInfo {
  std::string service;  // "authorworks" for the whole platform, else the target name
  std::string version;
  std::filesystem::path web_dist_dir;  // where the docs renderer's files are, when built
  // Collects every active module's readiness checks.
  std::function<std::vector<ReadinessCheck>()> readiness;
};

void register_system_routes(http::Router& router, Metrics& metrics, SystemInfo info);

}  // namespace authorworks
