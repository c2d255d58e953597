#include "modules/redis/redis_module.hpp"

#include "core/config.hpp"
#include "core/log.hpp"
#include "events/redis_bus.hpp"
#include "observability/metrics.hpp"
#include "redis/client.hpp"

namespace authorworks {
namespace {

class RedisModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    if (context.config.redis_url.empty()) {
      // One bus for every module of the process, so that what the content module publishes reaches
      // the messaging module's sockets.
      context.services.provide<events::EventBus>(events::make_in_process_bus());
      return;
    }
    client_ = std::make_shared<redis::Client>(redis::Url::parse(context.config.redis_url));
    const auto check = client_->check();
    // Redis carries only what may be lost: a Redis that is down at start is reported, not fatal.
    if (check.ok) {
      log::info("redis ready", {{"redis", client_->url().endpoint()}});
    } else {
      log::warn("redis is not reachable yet", {{"redis", client_->url().endpoint()}, {"detail", check.detail}});
    }
    context.services.provide<redis::Client>(client_);
    bus_ = std::make_shared<events::RedisEventBus>(client_, events::RedisBusOptions{}, &context.metrics.registry());
    bus_->start();
    context.services.provide<events::EventBus>(bus_);
  }

  void stop() override {
    if (bus_) bus_->stop();
    bus_.reset();
    client_.reset();
  }

  std::vector<ReadinessCheck> check_readiness() override {
    if (!client_) return {};
    std::vector<ReadinessCheck> checks{client_->check()};
    if (bus_) checks.push_back(bus_->check());
    return checks;
  }

 private:
  std::shared_ptr<redis::Client> client_;
  std::shared_ptr<events::RedisEventBus> bus_;
};

}  // namespace

std::unique_ptr<Module> make_redis_module() { return std::make_unique<RedisModule>(); }

}  // namespace authorworks
