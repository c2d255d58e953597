#include "modules/web/web_module.hpp"

#include "core/config.hpp"
#include "core/log.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace authorworks {
namespace {

class WebModule final : public Module {
 public:
  void start(ModuleContext& context) override {
    dist_ = context.config.web_dist_dir;
    if (dist_.empty()) {
      log::warn(
          "the web app is not built, so only the API is served; build it with: npm --prefix web ci && npm --prefix web "
          "run build");
      return;
    }
    context.router.set_fallback(http::make_static_handler(dist_));
  }

  std::vector<ReadinessCheck> check_readiness() override {
    if (dist_.empty()) return {};
    std::error_code ec;
    const bool ok = std::filesystem::is_regular_file(dist_ / "index.html", ec);
    return {{"web-app", ok, ok ? "serving " + dist_.string() : dist_.string() + "/index.html is missing"}};
  }

 private:
  std::filesystem::path dist_;
};

}  // namespace

std::unique_ptr<Module> make_web_module() { return std::make_unique<WebModule>(); }

}  // namespace authorworks
