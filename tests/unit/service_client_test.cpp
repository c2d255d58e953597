// The service-to-service client against a real http::Server on a loopback port: what it sends, its
// retries (idempotent calls only), its timeouts, and the errors that name the service.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <thread>

#include "closed_port.hpp"
#include "core/error.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "observability/metrics.hpp"
#include "runtime/worker_pool.hpp"
#include "services/health_poller.hpp"
#include "services/service_answer.hpp"
#include "services/service_client.hpp"
#include "services/service_reads.hpp"

namespace {

using namespace std::chrono_literals;
using authorworks::Error;
using authorworks::ErrorCode;
using authorworks::http::Request;
using authorworks::http::Response;
using authorworks::services::ServiceCallOptions;
using authorworks::services::ServiceClient;

class Service {
 public:
  explicit Service(const std::function<void(authorworks::http::Router&)>& setup)
      : workers(4, 64), metrics("test", "0.0.0", "test") {
    setup(router);
    authorworks::http::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.io_threads = 1;
    server = std::make_unique<authorworks::http::Server>(options, router, workers, metrics);
    port = server->listen();
    server->start();
  }
  ~Service() { server->shutdown(1s); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }

  authorworks::http::Router router;
  authorworks::WorkerPool workers;
  authorworks::Metrics metrics;
  std::unique_ptr<authorworks::http::Server> server;
  std::uint16_t port = 0;
};

ServiceCallOptions fast_options() {
  ServiceCallOptions o;
  o.connect_timeout = 500ms;
  o.request_timeout = 2s;
  o.retries = 2;
  o.retry_backoff = 1ms;
  return o;
}

TEST(ServiceClientTest, SendsTheRequestAndReturnsTheAnswer) {
  Service service([](auto& router) {
    router.post("/echo", [](Request& request) {
      return Response::json(boost::json::object{{"body", request.body},
                                                {"auth", std::string(request.header("Authorization").value_or(""))},
                                                {"query", request.query_string}});
    });
  });
  ServiceClient client("content", service.url() + "/", fast_options());
  authorworks::http::Headers headers;
  headers.set("Authorization", "Bearer abc");
  headers.set("Content-Type", "application/json");
  const auto response = client.call("POST", "/echo?x=1", headers, R"({"a":1})");
  EXPECT_EQ(response.status, 200u);
  EXPECT_TRUE(response.content_type.starts_with("application/json"));
  const auto json = authorworks::services::expect_json(client, response).as_object();
  EXPECT_EQ(json.at("body").as_string(), R"({"a":1})");
  EXPECT_EQ(json.at("auth").as_string(), "Bearer abc");
  EXPECT_EQ(json.at("query").as_string(), "x=1");
}

TEST(ServiceClientTest, AServiceThatIsDownIsUnavailableAndNamed) {
  ServiceClient client("content", "http://127.0.0.1:" + std::to_string(closed_port()), fast_options());
  try {
    client.get("/api/v1/books", {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
    EXPECT_NE(e.detail().find("the content service is unavailable"), std::string::npos) << e.detail();
    EXPECT_GT(e.retry_after_seconds(), 0);
    ASSERT_FALSE(e.extensions().empty());
    EXPECT_EQ(e.extensions().front().second, "content");
  }
}

TEST(ServiceClientTest, IdempotentCallsAreRetriedWhileTheServiceIsOverloaded) {
  std::atomic<int> calls{0};
  Service service([&calls](auto& router) {
    router.get("/flaky", [&calls](Request&) {
      if (++calls < 3) throw Error(ErrorCode::unavailable, "busy");
      return Response::json(boost::json::object{{"ok", true}});
    });
  });
  ServiceClient client("users", service.url(), fast_options());
  EXPECT_EQ(client.get("/flaky", {}).status, 200u);
  EXPECT_EQ(calls.load(), 3);
}

TEST(ServiceClientTest, PostsAreNeverRetried) {
  std::atomic<int> calls{0};
  Service service([&calls](auto& router) {
    router.post("/busy", [&calls](Request&) -> Response {
      ++calls;
      throw Error(ErrorCode::unavailable, "busy");
    });
  });
  ServiceClient client("content", service.url(), fast_options());
  try {
    client.call("POST", "/busy", {}, "{}");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
    EXPECT_NE(e.detail().find("content"), std::string::npos);
  }
  EXPECT_EQ(calls.load(), 1);
}

TEST(ServiceClientTest, AnIdempotentWriteAskedNeverToRetryIsSentOnce) {
  std::atomic<int> puts{0};
  Service service([&puts](auto& router) {
    router.put("/text", [&puts](Request&) -> Response {
      ++puts;
      throw Error(ErrorCode::unavailable, "busy");
    });
  });
  ServiceClient client("content", service.url(), fast_options());
  try {
    client.call("PUT", "/text", {}, "{}", authorworks::services::Retry::never);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
  }
  EXPECT_EQ(puts.load(), 1);
  // The same PUT by default is retried, as any idempotent call.
  EXPECT_THROW(client.call("PUT", "/text", {}, "{}"), Error);
  EXPECT_EQ(puts.load(), 4);
}

TEST(ServiceClientTest, ARetriedCallGivesUpAfterItsRetries) {
  std::atomic<int> calls{0};
  Service service([&calls](auto& router) {
    router.get("/down", [&calls](Request&) -> Response {
      ++calls;
      throw Error(ErrorCode::unavailable, "database down");
    });
  });
  ServiceClient client("users", service.url(), fast_options());
  EXPECT_THROW(client.get("/down", {}), Error);
  EXPECT_EQ(calls.load(), 3);  // the first attempt and two retries
}

TEST(ServiceClientTest, AnAnswerTooSlowIsAnUpstreamTimeout) {
  Service service([](auto& router) {
    router.get("/slow", [](Request&) {
      std::this_thread::sleep_for(1500ms);
      return Response::json(boost::json::object{});
    });
  });
  auto options = fast_options();
  options.request_timeout = 300ms;
  ServiceClient client("storage", service.url(), options);
  const auto started = std::chrono::steady_clock::now();
  try {
    client.get("/slow", {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::upstream_timeout);
    EXPECT_NE(e.detail().find("storage"), std::string::npos);
  }
  // Not retried: the service may still be working on it.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1200ms);
}

TEST(ServiceClientTest, AProblemFromTheServiceKeepsItsStatusAndDetail) {
  Service service([](auto& router) {
    router.get("/missing", [](Request&) -> Response { throw authorworks::not_found_error("book 42"); });
  });
  ServiceClient client("content", service.url(), fast_options());
  const auto response = client.get("/missing", {});
  EXPECT_EQ(response.status, 404u);
  try {
    authorworks::services::expect_json(client, response);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::not_found);
    EXPECT_NE(e.detail().find("book 42"), std::string::npos) << e.detail();
  }
}

TEST(ServiceClientTest, StatusesMapBackToErrorCodes) {
  using authorworks::services::error_code_for_status;
  EXPECT_EQ(error_code_for_status(401), ErrorCode::unauthenticated);
  EXPECT_EQ(error_code_for_status(404), ErrorCode::not_found);
  EXPECT_EQ(error_code_for_status(422), ErrorCode::validation_failed);
  EXPECT_EQ(error_code_for_status(503), ErrorCode::unavailable);
  EXPECT_EQ(error_code_for_status(418), ErrorCode::upstream_failed);
}

TEST(ServiceClientTest, OnlyIdempotentMethodsAreRetried) {
  using authorworks::services::is_idempotent;
  EXPECT_TRUE(is_idempotent("GET"));
  EXPECT_TRUE(is_idempotent("PUT"));
  EXPECT_TRUE(is_idempotent("DELETE"));
  EXPECT_FALSE(is_idempotent("POST"));
  EXPECT_FALSE(is_idempotent("PATCH"));
}

// What a service stores it answers byte for byte (boost::json writes a string's bytes as they are),
// so a title or scene text that is not valid UTF-8 reaches the caller too, rather than a 502.
TEST(ServiceReadsTest, StoredTextThatIsNotUtf8ComesBackByteForByte) {
  const std::string stored = "Caf\xc3 \xff\xfe at night";
  Service service([&stored](auto& router) {
    router.get("/api/v1/books/:id", [&stored](Request& request) {
      return Response::json(boost::json::object{{"id", request.param("id")}, {"title", stored}});
    });
  });
  ServiceClient client("content", service.url(), fast_options());
  const auto book = authorworks::services::get_object(client, "/api/v1/books/b1", {});
  EXPECT_EQ(book.at("title").as_string(), stored);
  const auto found = authorworks::services::find_object(client, "/api/v1/books/b1", {});
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->at("title").as_string(), stored);
  // The strict reading these reads replace: the same answer was a bad gateway.
  try {
    authorworks::services::expect_json(client, client.get("/api/v1/books/b1", {}));
    FAIL() << "expected the strict parse to refuse the answer";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::upstream_failed);
  }
}

TEST(ServiceReadsTest, A404IsNoneForFindAndTheServicesNotFoundForGet) {
  Service service([](auto& router) {
    router.get("/api/v1/users/:id",
               [](Request& request) -> Response { throw authorworks::not_found_error("user " + request.param("id")); });
  });
  ServiceClient client("users", service.url(), fast_options());
  EXPECT_EQ(authorworks::services::find_object(client, "/api/v1/users/u1", {}), std::nullopt);
  try {
    authorworks::services::get_object(client, "/api/v1/users/u1", {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::not_found);
    EXPECT_NE(e.detail().find("user u1"), std::string::npos) << e.detail();
  }
}

TEST(ServiceReadsTest, AnAnswerThatIsNotAnObjectIsMalformedAndNamesTheService) {
  Service service([](auto& router) {
    router.get("/list", [](Request&) { return Response::json(boost::json::array{1, 2}); });
  });
  ServiceClient client("content", service.url(), fast_options());
  for (const bool find : {false, true}) {
    try {
      if (find) {
        authorworks::services::find_object(client, "/list", {});
      } else {
        authorworks::services::get_object(client, "/list", {});
      }
      FAIL() << "expected an error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::upstream_failed);
      EXPECT_EQ(e.detail(), "the content service's answer is malformed");
      ASSERT_FALSE(e.extensions().empty());
      EXPECT_EQ(e.extensions().front().second, "content");
    }
  }
}

TEST(ServiceReadsTest, PathSegmentsAreEncoded) {
  EXPECT_EQ(authorworks::services::path_segment("a b/c?d&e"), "a%20b%2Fc%3Fd%26e");
  EXPECT_EQ(authorworks::services::path_segment("3f2a-9c"), "3f2a-9c");
}

TEST(HealthPollerTest, NamesTheServicesThatAreDown) {
  Service up([](auto& router) {
    router.get("/health", [](Request&) {
      return Response::json(boost::json::object{{"status", "ok"}, {"service", "users"}, {"version", "1.2.3"}});
    });
  });
  Service hanging([](auto& router) {
    router.get("/health", [](Request&) {
      std::this_thread::sleep_for(1500ms);
      return Response::json(boost::json::object{{"status", "ok"}});
    });
  });
  const auto started = std::chrono::steady_clock::now();
  const auto health =
      authorworks::services::poll_health({{"users", up.url()},
                                          {"content", "http://127.0.0.1:" + std::to_string(closed_port())},
                                          {"discovery", hanging.url()}},
                                         300ms);
  // The probes run at once: a hanging service costs the timeout once, not per service.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1000ms);
  ASSERT_EQ(health.size(), 3u);
  EXPECT_EQ(health[0].service, "users");
  EXPECT_TRUE(health[0].up);
  EXPECT_EQ(health[0].version, "1.2.3");
  EXPECT_EQ(health[1].service, "content");
  EXPECT_FALSE(health[1].up);
  EXPECT_FALSE(health[1].error.empty());
  EXPECT_EQ(health[2].service, "discovery");
  EXPECT_FALSE(health[2].up);
}

TEST(HealthPollerTest, ReadinessNamesWhatAServiceWaitsFor) {
  Service ready([](auto& router) {
    router.get("/ready", [](Request&) { return Response::json(boost::json::object{{"status", "ready"}}); });
  });
  Service waiting([](auto& router) {
    router.get("/ready", [](Request&) {
      return Response::json(boost::json::object{{"status", "not_ready"}, {"failing", boost::json::array{"database"}}},
                            503);
    });
  });
  // A service that is healthy is not ready for it: readiness asks /ready, not /health.
  Service healthy_only([](auto& router) {
    router.get("/health", [](Request&) { return Response::json(boost::json::object{{"status", "ok"}}); });
  });
  const auto readiness = authorworks::services::poll_health(
      {{"users", ready.url()}, {"content", waiting.url()}, {"storage", healthy_only.url()}}, 1000ms,
      authorworks::services::ServiceProbe::readiness);
  ASSERT_EQ(readiness.size(), 3u);
  EXPECT_TRUE(readiness[0].up);
  EXPECT_EQ(readiness[0].url, ready.url() + "/ready");
  EXPECT_FALSE(readiness[1].up);
  EXPECT_EQ(readiness[1].status, 503u);
  EXPECT_EQ(readiness[1].error, "GET /ready answered 503 (failing: database)");
  EXPECT_FALSE(readiness[2].up);
  EXPECT_EQ(readiness[2].status, 404u);
}

}  // namespace
