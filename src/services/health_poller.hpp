#pragma once
// Asks several services for GET /health (or GET /ready) at once (libcurl's multi interface: one thread, every
// request in flight together), each within the same short timeout, so that one service that hangs
// costs the answer that timeout and no more. Blocking: call from the worker pool.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace authorworks::services {

struct HealthTarget {
  std::string service;
  std::string base_url;  // http://host:port; /health or /ready is appended
};

enum class ServiceProbe {
  health,     // GET /health: up when it answers 200 with {"status": "ok"}
  readiness,  // GET /ready: up when it answers 200 with {"status": "ready"}
};

struct ServiceHealth {
  std::string service;
  std::string url;
  bool up = false;
  unsigned status = 0;  // HTTP status; 0 when there was no answer
  std::string version;  // from the service's own /health, when it said
  std::string error;    // why it is down (for readiness, the checks the service names as failing)
  std::int64_t latency_ms = 0;
};

// In the order of `targets`.
std::vector<ServiceHealth> poll_health(const std::vector<HealthTarget>& targets, std::chrono::milliseconds timeout,
                                       ServiceProbe probe = ServiceProbe::health);

}  // namespace authorworks::services
