#include "observability/system_routes.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "observability/metrics.hpp"

namespace authorworks::embedded {
std::string_view openapi_document();
}

namespace authorworks {
namespace {

constexpr std::string_view kDocsPage = R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AuthorWorks API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
)";

constexpr std::string_view kDocsInit =
    "window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: true, validatorUrl: null "
    "});\n";

}  // namespace

void register_system_routes(http::Router& router, Metrics& metrics, SystemInfo info) {
  const auto health_body = boost::json::serialize(
      boost::json::object{{"status", "ok"}, {"service", info.service}, {"version", info.version}});
  router.get("/health",
             [health_body](http::Request&) {
               auto r = http::Response::text(health_body, "application/json");
               r.headers.set("Cache-Control", "no-store");
               return r;
             },
             {.blocking = false});

  router.get("/ready", [readiness = info.readiness](http::Request&) {
    boost::json::array checks;
    boost::json::array failing;
    for (const auto& c : readiness()) {
      checks.push_back(boost::json::object{{"name", c.name}, {"ok", c.ok}, {"detail", c.detail}});
      if (!c.ok) failing.push_back(boost::json::string(c.name));
    }
    const bool ready = failing.empty();
    boost::json::object body{{"status", ready ? "ready" : "not_ready"}, {"checks", std::move(checks)}};
    if (!ready) body["failing"] = std::move(failing);
    auto r = http::Response::json(body, ready ? 200 : 503);
    r.headers.set("Cache-Control", "no-store");
    return r;
  });

  router.get("/metrics",
             [&metrics](http::Request&) {
               return http::Response::text(metrics.serialize(), "text/plain; version=0.0.4; charset=utf-8");
             },
             {.blocking = false});

  router.get("/api/openapi.json",
             [](http::Request&) {
               auto r = http::Response::text(std::string(embedded::openapi_document()), "application/json");
               r.headers.set("Cache-Control", "no-cache");
               return r;
             },
             {.blocking = false});

  const auto docs_dir = info.web_dist_dir.empty() ? std::filesystem::path{} : info.web_dist_dir / "api-docs";
  router.get("/api/docs", [docs_dir](http::Request&) {
    std::error_code ec;
    if (docs_dir.empty() || !std::filesystem::is_regular_file(docs_dir / "swagger-ui-bundle.js", ec)) {
      throw Error(
          ErrorCode::unavailable,
          "the API docs page needs the web app's build (npm --prefix web run build); the API description itself is at "
          "/api/openapi.json");
    }
    auto r = http::Response::text(std::string(kDocsPage), "text/html; charset=utf-8");
    r.headers.set("Cache-Control", "no-cache");
    return r;
  });
  router.get(
      "/api/docs/init.js",
      [](http::Request&) { return http::Response::text(std::string(kDocsInit), "text/javascript; charset=utf-8"); },
      {.blocking = false});
  router.get("/api/docs/*file",
             [docs_dir, serve = docs_dir.empty() ? http::Handler{}
                                                 : http::make_static_handler(docs_dir)](http::Request& request) {
               if (!serve) throw Error(ErrorCode::not_found, "the API docs renderer is not built");
               http::Request inner = request;
               inner.path = "/" + request.param("file");
               auto r = serve(inner);
               r.headers.set("Cache-Control", "public, max-age=86400");
               return r;
             });
}

}  // namespace authorworks
