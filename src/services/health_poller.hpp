#pragma once
// Asks several services for GET /health at once (libcurl's multi interface: one thread, every
// request in flight together), each within the same short timeout, so that one service that hangs
// costs the answer that timeout and no more. Blocking: call from the worker pool.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace authorworks::services {

struct HealthTarget {
  std::string service;
  std::string base_url;  // http://host:port; /health is appended
};

struct ServiceHealth {
  std::string service;
  std::string url;
  bool up = false;
  unsigned status = 0;  // HTTP status; 0 when there was no answer
  std::string version;  // from the service's own /health, when it said
  std::string error;    // why it is down
  std::int64_t latency_ms = 0;
};

// In the order of `targets`. A service is up when it answers 200 with {"status": "ok"}.
std::vector<ServiceHealth> poll_health(const std::vector<HealthTarget>& targets, std::chrono::milliseconds timeout);

}  // namespace authorworks::services
