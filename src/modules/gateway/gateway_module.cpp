#include "modules/gateway/gateway_module.hpp"

#include <boost/json.hpp>

#include "core/config.hpp"
#include "core/version.hpp"
#include "http/router.hpp"
#include "services/health_poller.hpp"

namespace authorworks {
namespace {

class GatewayModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    const auto& services = context.config.services;
    std::vector<services::HealthTarget> targets;
    for (const auto& name : services.gateway_checks) targets.push_back({name, services.urls.at(name)});
    const auto timeout = services.health_timeout;
    context.router.get("/health/services", [targets, timeout](http::Request&) {
      boost::json::object by_service;
      boost::json::array down;
      for (const auto& h : services::poll_health(targets, timeout)) {
        boost::json::object entry{{"status", h.up ? "up" : "down"}, {"url", h.url}, {"latency_ms", h.latency_ms}};
        if (!h.version.empty()) entry["version"] = h.version;
        if (!h.up) {
          entry["error"] = h.error;
          down.push_back(boost::json::string(h.service));
        }
        by_service[h.service] = std::move(entry);
      }
      const bool ok = down.empty();
      boost::json::object body{{"status", ok ? "ok" : "degraded"},
                               {"service", "gateway"},
                               {"version", version()},
                               {"services", std::move(by_service)}};
      if (!ok) body["down"] = std::move(down);
      auto r = http::Response::json(body, ok ? 200 : 503);
      r.headers.set("Cache-Control", "no-store");
      return r;
    });
  }
};

}  // namespace

std::unique_ptr<Module> make_gateway_module() { return std::make_unique<GatewayModule>(); }

}  // namespace authorworks
