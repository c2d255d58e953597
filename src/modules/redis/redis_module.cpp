#include "modules/redis/redis_module.hpp"

#include "core/config.hpp"
#include "core/log.hpp"
#include "redis/client.hpp"

namespace authorworks {
namespace {

class RedisModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    if (context.config.redis_url.empty()) return;
    client_ = std::make_shared<redis::Client>(redis::Url::parse(context.config.redis_url));
    const auto check = client_->check();
    // Redis carries only what may be lost: a Redis that is down at start is reported, not fatal.
    if (check.ok) {
      log::info("redis ready", {{"redis", client_->url().endpoint()}});
    } else {
      log::warn("redis is not reachable yet", {{"redis", client_->url().endpoint()}, {"detail", check.detail}});
    }
    context.services.provide<redis::Client>(client_);
  }

  void stop() override { client_.reset(); }

  std::vector<ReadinessCheck> check_readiness() override {
    if (!client_) return {};
    return {client_->check()};
  }

 private:
  std::shared_ptr<redis::Client> client_;
};

}  // namespace

std::unique_ptr<Module> make_redis_module() { return std::make_unique<RedisModule>(); }

}  // namespace authorworks
