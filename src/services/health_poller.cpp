#include "services/health_poller.hpp"

#include <curl/curl.h>

#include <boost/json.hpp>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace authorworks::services {
namespace {

constexpr std::size_t kMaxHealthBytes = 64 * 1024;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

struct Probe {
  CURL* easy = nullptr;
  std::string url;
  std::string body;
  char error[CURL_ERROR_SIZE] = {};
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* probe = static_cast<Probe*>(user);
  const auto n = size * count;
  if (probe->body.size() + n > kMaxHealthBytes) return 0;
  probe->body.append(data, n);
  return n;
}

struct MultiDeleter {
  void operator()(CURLM* m) const noexcept { curl_multi_cleanup(m); }
};

std::string_view probe_path(ServiceProbe probe) { return probe == ServiceProbe::health ? "/health" : "/ready"; }

// "database, redis" from a /ready answer's {"failing": ["database", "redis"]}.
std::string failing_checks(const boost::json::object& answer) {
  std::string names;
  const auto* failing = answer.if_contains("failing");
  if (failing == nullptr || !failing->is_array()) return names;
  for (const auto& name : failing->as_array()) {
    if (!name.is_string()) continue;
    if (!names.empty()) names += ", ";
    names += name.as_string();
  }
  return names;
}

void judge(ServiceHealth& health, const Probe& probe, CURLcode code, ServiceProbe kind) {
  double seconds = 0;
  curl_easy_getinfo(probe.easy, CURLINFO_TOTAL_TIME, &seconds);
  health.latency_ms = static_cast<std::int64_t>(seconds * 1000.0);
  if (code != CURLE_OK) {
    health.error = probe.error[0] != '\0' ? probe.error : curl_easy_strerror(code);
    return;
  }
  long status = 0;
  curl_easy_getinfo(probe.easy, CURLINFO_RESPONSE_CODE, &status);
  health.status = static_cast<unsigned>(status);
  boost::system::error_code ec;
  const auto json = boost::json::parse(probe.body, ec);
  const auto* object = !ec ? json.if_object() : nullptr;
  if (object != nullptr) {
    if (const auto* v = object->if_contains("version"); v != nullptr && v->is_string()) {
      health.version = std::string(v->as_string());
    }
  }
  const auto* said = object != nullptr ? object->if_contains("status") : nullptr;
  const std::string_view expected = kind == ServiceProbe::health ? "ok" : "ready";
  health.up = status == 200 && said != nullptr && said->is_string() && said->as_string() == expected;
  if (health.up) return;
  health.error = "GET " + std::string(probe_path(kind)) + " answered " + std::to_string(status);
  if (object != nullptr) {
    if (const auto names = failing_checks(*object); !names.empty()) health.error += " (failing: " + names + ")";
  }
}

}  // namespace

std::vector<ServiceHealth> poll_health(const std::vector<HealthTarget>& targets, std::chrono::milliseconds timeout,
                                       ServiceProbe probe) {
  global_init();
  std::vector<ServiceHealth> out(targets.size());
  std::vector<Probe> probes(targets.size());
  std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());
  if (!multi) throw std::runtime_error("curl_multi_init failed");

  for (std::size_t i = 0; i < targets.size(); ++i) {
    out[i].service = targets[i].service;
    out[i].url = targets[i].base_url + std::string(probe_path(probe));
    auto& p = probes[i];
    p.url = out[i].url;
    p.easy = curl_easy_init();
    if (p.easy == nullptr) throw std::runtime_error("curl_easy_init failed");
    curl_easy_setopt(p.easy, CURLOPT_URL, p.url.c_str());
    curl_easy_setopt(p.easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(p.easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(p.easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(p.easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(p.easy, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(p.easy, CURLOPT_WRITEDATA, &p);
    curl_easy_setopt(p.easy, CURLOPT_ERRORBUFFER, p.error);
    curl_multi_add_handle(multi.get(), p.easy);
  }

  int running = 0;
  do {
    if (curl_multi_perform(multi.get(), &running) != CURLM_OK) break;
    if (running > 0) curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
  } while (running > 0);

  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    for (std::size_t i = 0; i < probes.size(); ++i) {
      if (probes[i].easy == message->easy_handle) judge(out[i], probes[i], message->data.result, probe);
    }
  }
  for (auto& p : probes) {
    curl_multi_remove_handle(multi.get(), p.easy);
    curl_easy_cleanup(p.easy);
  }
  for (auto& h : out) {
    if (!h.up && h.error.empty()) h.error = "no answer";
  }
  return out;
}

}  // namespace authorworks::services
