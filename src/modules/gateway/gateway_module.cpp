#include "modules/gateway/gateway_module.hpp"

#include <boost/json.hpp>

#include "core/config.hpp"
#include "core/version.hpp"
#include "http/router.hpp"
#include "services/health_poller.hpp"

namespace authorworks {
namespace {

// How an aggregated answer words one probe: a service's state, everyone's, and the list of those
// that are not well.
struct ProbeWords {
  const char* up;
  const char* down;
  const char* all_up;
  const char* some_down;
  const char* down_list;
};
constexpr ProbeWords kHealthWords{"up", "down", "ok", "degraded", "down"};
constexpr ProbeWords kReadinessWords{"ready", "not_ready", "ready", "not_ready", "not_ready"};

// Every service's answer to one probe: 200 when all are up (healthy, or ready), 503 naming the
// ones that are not.
http::Response aggregate(const std::vector<services::HealthTarget>& targets, std::chrono::milliseconds timeout,
                         services::ServiceProbe probe) {
  const auto& words = probe == services::ServiceProbe::health ? kHealthWords : kReadinessWords;
  boost::json::object by_service;
  boost::json::array down;
  for (const auto& h : services::poll_health(targets, timeout, probe)) {
    boost::json::object entry{{"status", h.up ? words.up : words.down}, {"url", h.url}, {"latency_ms", h.latency_ms}};
    if (!h.version.empty()) entry["version"] = h.version;
    if (!h.up) {
      entry["error"] = h.error;
      down.push_back(boost::json::string(h.service));
    }
    by_service[h.service] = std::move(entry);
  }
  const bool ok = down.empty();
  boost::json::object body{{"status", ok ? words.all_up : words.some_down},
                           {"service", "gateway"},
                           {"version", version()},
                           {"services", std::move(by_service)}};
  if (!ok) body[words.down_list] = std::move(down);
  auto r = http::Response::json(body, ok ? 200 : 503);
  r.headers.set("Cache-Control", "no-store");
  return r;
}

class GatewayModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    const auto& services = context.config.services;
    std::vector<services::HealthTarget> targets;
    for (const auto& name : services.gateway_checks) targets.push_back({name, services.urls.at(name)});
    const auto timeout = services.health_timeout;
    context.router.get("/health/services", [targets, timeout](http::Request&) {
      return aggregate(targets, timeout, services::ServiceProbe::health);
    });
    // The gateway is ready to serve when every service behind it is (each /ready names what it
    // waits for: its database, Redis, the object store).
    context.router.get("/ready/services", [targets, timeout](http::Request&) {
      return aggregate(targets, timeout, services::ServiceProbe::readiness);
    });
  }
};

}  // namespace

std::unique_ptr<Module> make_gateway_module() { return std::make_unique<GatewayModule>(); }

}  // namespace authorworks
