#include "observability/metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <atomic>
#include <mutex>
#include <sstream>
#include <unordered_map>

namespace authorworks {

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& requests = prometheus::BuildCounter()
                                                          .Name("authorworks_http_requests_total")
                                                          .Help("HTTP requests by route template and status")
                                                          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& latency = prometheus::BuildHistogram()
                                                           .Name("authorworks_http_request_duration_seconds")
                                                           .Help("HTTP request latency in seconds, by route template")
                                                           .Register(*registry);
  prometheus::Gauge& in_flight = prometheus::BuildGauge()
                                     .Name("authorworks_http_requests_in_flight")
                                     .Help("HTTP requests being handled now")
                                     .Register(*registry)
                                     .Add({});
  std::mutex mutex;  // guards family Add() (prometheus-cpp families lock too; this keeps the cache simple)
  std::uint64_t id = next_id++;
  static inline std::atomic<std::uint64_t> next_id{1};
};

namespace {
struct Series {
  prometheus::Counter* counter;
  prometheus::Histogram* histogram;
};
}  // namespace

Metrics::Metrics(std::string_view service, std::string_view version, std::string_view revision)
    : impl_(std::make_unique<Impl>()) {
  prometheus::BuildGauge()
      .Name("authorworks_build_info")
      .Help("Build information; the value is always 1")
      .Register(*impl_->registry)
      .Add({{"service", std::string(service)}, {"version", std::string(version)}, {"revision", std::string(revision)}})
      .Set(1);
}

Metrics::~Metrics() = default;

void Metrics::request_started() noexcept { impl_->in_flight.Increment(); }

void Metrics::request_finished(std::string_view method, std::string_view route, unsigned status, double seconds) {
  impl_->in_flight.Decrement();
  // Series per (metrics object, method, route, status), cached per thread.
  thread_local std::unordered_map<std::string, Series> cache;
  std::string key;
  key.reserve(route.size() + method.size() + 24);
  key += std::to_string(impl_->id);
  key += '|';
  key += method;
  key += '|';
  key += route;
  key += '|';
  key += std::to_string(status);
  auto it = cache.find(key);
  if (it == cache.end()) {
    static const prometheus::Histogram::BucketBoundaries buckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                 0.1,    0.25,  0.5,    1,     2.5,  5,     10};
    std::lock_guard lock(impl_->mutex);
    Series s{&impl_->requests.Add(
                 {{"method", std::string(method)}, {"route", std::string(route)}, {"status", std::to_string(status)}}),
             &impl_->latency.Add({{"method", std::string(method)}, {"route", std::string(route)}}, buckets)};
    it = cache.emplace(std::move(key), s).first;
  }
  it->second.counter->Increment();
  it->second.histogram->Observe(seconds);
}

prometheus::Registry& Metrics::registry() { return *impl_->registry; }

std::string Metrics::serialize() const {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, impl_->registry->Collect());
  return out.str();
}

}  // namespace authorworks
