#pragma once
// Prometheus metrics through prometheus-cpp's registry and text serializer, served by our own
// HTTP server at /metrics. Per-request series are cached per thread so that the hot path takes
// no lock after a series' first use.
#include <memory>
#include <string>
#include <string_view>

namespace prometheus {
class Registry;
}

namespace authorworks {

class Metrics {
 public:
  Metrics(std::string_view service, std::string_view version, std::string_view revision);
  ~Metrics();

  void request_started() noexcept;
  void request_finished(std::string_view method, std::string_view route, unsigned status, double seconds);

  // For modules that add their own families (jobs, tokens, costs).
  prometheus::Registry& registry();

  std::string serialize() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace authorworks
