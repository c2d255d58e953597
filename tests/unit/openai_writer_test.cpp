// OpenAIWriter against the OpenAI-compatible wire-protocol double (tests/doubles/openai_double.py).
#include "llm/openai_writer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <memory>
#include <sstream>
#include <thread>

#include "core/config.hpp"
#include "model_double.hpp"

namespace authorworks::llm {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::size_t count_words(const std::string& text) {
  std::istringstream in(text);
  std::size_t words = 0;
  for (std::string word; in >> word;) ++words;
  return words;
}

class OpenAIWriterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { double_ = std::make_unique<testing::ModelDouble>("openai_double.py"); }
  static void TearDownTestSuite() { double_.reset(); }
  void SetUp() override { double_->control({{"reset", true}, {"api_key", nullptr}}); }

  LlmConfig config(int max_retries = 3, std::string api_key = "") const {
    LlmConfig c;
    c.provider = LlmProvider::openai;
    c.openai_base_url = double_->origin() + "/v1";
    c.openai_model = "llama3.1:8b";
    c.openai_api_key = std::move(api_key);
    c.max_retries = max_retries;
    return c;
  }
  static ModelWriterOptions fast(std::chrono::milliseconds stall = 0ms) {
    return {.retry_base_delay = 10ms, .retry_max_delay = 100ms, .connect_timeout = 2s, .stall_timeout = stall};
  }
  static Prompt prompt(const std::string& user) {
    return Prompt{.system = "You are a playwright.", .cacheable_context = "The bible.", .user = user};
  }
  static void script(json::array behaviours) { double_->control({{"script", std::move(behaviours)}}); }

  static inline std::unique_ptr<testing::ModelDouble> double_;
};

TEST_F(OpenAIWriterTest, StreamsTheTextAndReportsTheServersUsage) {
  OpenAIWriter writer(config(), fast());
  EXPECT_EQ(writer.info().provider, "openai");
  EXPECT_EQ(writer.info().model, "llama3.1:8b");
  std::string streamed;
  int deltas = 0;
  const auto completion = writer.complete({}, prompt("Stage: scene\nTarget words: 120"),
                                          [&](std::string_view delta) {
                                            streamed.append(delta);
                                            ++deltas;
                                          },
                                          {});
  EXPECT_EQ(count_words(completion.text), 120u);
  EXPECT_EQ(streamed, completion.text);
  EXPECT_GT(deltas, 100);
  EXPECT_EQ(completion.stop_reason, "stop");
  EXPECT_EQ(completion.model, "llama3.1:8b");
  // The double counts a token per four characters, as the estimate does; a known prompt pins it.
  const auto& requests = double_->requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& body = requests[0].at("body").as_object();
  std::int64_t prompt_chars = 0;
  for (const auto& message : body.at("messages").as_array()) {
    prompt_chars += static_cast<std::int64_t>(message.at("content").as_string().size());
  }
  EXPECT_EQ(completion.usage.input_tokens, (prompt_chars + 3) / 4);
  EXPECT_EQ(completion.usage.output_tokens, static_cast<std::int64_t>((completion.text.size() + 3) / 4));
  EXPECT_EQ(body.at("stream").as_bool(), true);
  EXPECT_EQ(body.at("stream_options").at("include_usage").as_bool(), true);
  EXPECT_EQ(body.at("model").as_string(), "llama3.1:8b");
  const auto& messages = body.at("messages").as_array();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].at("role").as_string(), "system");
  EXPECT_EQ(messages[0].at("content").as_string(), "You are a playwright.\n\nThe bible.");
  EXPECT_EQ(messages[1].at("role").as_string(), "user");
  EXPECT_EQ(requests[0].at("path").as_string(), "/v1/chat/completions");
  EXPECT_FALSE(requests[0].at("headers").as_object().contains("authorization"));
}

TEST_F(OpenAIWriterTest, EstimatesTokensWhenTheServerSendsNoUsage) {
  script({json::object{{"no_usage", true}}});
  OpenAIWriter writer(config(), fast());
  const auto p = prompt("Stage: synopsis");
  const auto completion = writer.complete({}, p, nullptr, {});
  const auto chars = p.system.size() + p.cacheable_context.size() + p.user.size();
  EXPECT_EQ(completion.usage.input_tokens, static_cast<std::int64_t>((chars + 3) / 4));
  EXPECT_EQ(completion.usage.output_tokens, static_cast<std::int64_t>((completion.text.size() + 3) / 4));
  EXPECT_GT(completion.usage.output_tokens, 200);
}

TEST_F(OpenAIWriterTest, SendsTheKeyAsABearerTokenAndReportsARejectedOne) {
  double_->control({{"api_key", "sk-right"}});
  OpenAIWriter good(config(3, "sk-right"), fast());
  EXPECT_EQ(good.complete({}, prompt("Stage: genre"), nullptr, {}).text, "gothic mystery");
  EXPECT_EQ(double_->requests()[0].at("headers").at("authorization").as_string(), "Bearer sk-right");

  OpenAIWriter bad(config(3, "sk-wrong"), fast());
  try {
    bad.complete({}, prompt("Stage: genre"), nullptr, {});
    FAIL() << "expected a WriterError";
  } catch (const WriterError& e) {
    EXPECT_EQ(e.failure(), WriterFailure::rejected_key);
    EXPECT_EQ(std::string(e.what()),
              "the OpenAI-compatible server rejected the API key (HTTP 401): Incorrect API key provided");
  }
  EXPECT_EQ(double_->requests().size(), 2u);
}

TEST_F(OpenAIWriterTest, WaitsAsLongAsRetryAfterSaysOn429) {
  script({json::object{{"status", 429}, {"retry_after", 1}}});
  OpenAIWriter writer(config(), fast());
  const auto start = Clock::now();
  EXPECT_EQ(writer.complete({}, prompt("Stage: genre"), nullptr, {}).text, "gothic mystery");
  EXPECT_GE(Clock::now() - start, 1s);
  EXPECT_EQ(double_->requests().size(), 2u);
}

TEST_F(OpenAIWriterTest, GivesUpOnAServerThatKeepsFailing) {
  script({json::object{{"status", 500}, {"message", "model crashed"}}, json::object{{"status", 503}},
          json::object{{"status", 502}, {"message", "bad gateway"}}});
  OpenAIWriter writer(config(2), fast());
  try {
    writer.complete({}, prompt("Stage: genre"), nullptr, {});
    FAIL() << "expected a WriterError";
  } catch (const WriterError& e) {
    EXPECT_EQ(e.failure(), WriterFailure::server);
    EXPECT_EQ(std::string(e.what()),
              "the OpenAI-compatible server failed (HTTP 502): bad gateway; gave up after 2 retries");
  }
  EXPECT_EQ(double_->requests().size(), 3u);
}

TEST_F(OpenAIWriterTest, AStreamCutMidwayIsAskedAgainAndRestartsTheSink) {
  script({json::object{{"cut_after", 10}}});
  OpenAIWriter writer(config(), fast());
  std::string streamed;
  int restarts = 0;
  const auto completion = writer.complete({}, prompt("Stage: scene\nTarget words: 80"),
                                          TextSink([&](std::string_view delta) { streamed.append(delta); },
                                                   [&] {
                                                     streamed.clear();
                                                     ++restarts;
                                                   }),
                                          {});
  EXPECT_EQ(count_words(completion.text), 80u);
  EXPECT_EQ(streamed, completion.text);
  EXPECT_EQ(restarts, 1);
  EXPECT_EQ(double_->requests().size(), 2u);
}

TEST_F(OpenAIWriterTest, AnErrorInsideTheStreamIsRetried) {
  script({json::object{{"error_after", 4}}});
  OpenAIWriter writer(config(), fast());
  const auto completion = writer.complete({}, prompt("Stage: scene\nTarget words: 50"), nullptr, {});
  EXPECT_EQ(count_words(completion.text), 50u);
  EXPECT_EQ(double_->requests().size(), 2u);
}

TEST_F(OpenAIWriterTest, ASilentStreamTimesOut) {
  script(
      {json::object{{"stall_after", 1}, {"stall_seconds", 3}}, json::object{{"stall_after", 1}, {"stall_seconds", 3}}});
  OpenAIWriter writer(config(1), fast(300ms));
  const auto start = Clock::now();
  try {
    writer.complete({}, prompt("Stage: genre"), nullptr, {});
    FAIL() << "expected a WriterError";
  } catch (const WriterError& e) {
    EXPECT_EQ(e.failure(), WriterFailure::timeout);
  }
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST_F(OpenAIWriterTest, StopsPromptlyWhenCancelled) {
  script({json::object{{"tokens_per_second", 50}}});
  OpenAIWriter writer(config(), fast());
  std::stop_source stop;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(300ms);
    stop.request_stop();
  });
  const auto start = Clock::now();
  try {
    writer.complete({}, prompt("Stage: scene\nTarget words: 1000"), nullptr, stop.get_token());
    FAIL() << "expected a WriterError";
  } catch (const WriterError& e) {
    EXPECT_EQ(e.failure(), WriterFailure::cancelled);
  }
  EXPECT_LT(Clock::now() - start, 1500ms);
}

}  // namespace
}  // namespace authorworks::llm
