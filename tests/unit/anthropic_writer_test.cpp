// AnthropicWriter against the Anthropic wire-protocol double (tests/doubles/anthropic_double.py).
#include "llm/anthropic_writer.hpp"

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

// What a caller of the writer sees through the sink.
struct Received {
  std::string text;  // since the last restart
  int deltas = 0;
  int restarts = 0;
  TextSink sink() {
    return TextSink(
        [this](std::string_view delta) {
          text.append(delta);
          ++deltas;
        },
        [this] {
          text.clear();
          ++restarts;
        });
  }
};

class AnthropicWriterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { double_ = std::make_unique<testing::ModelDouble>("anthropic_double.py"); }
  static void TearDownTestSuite() { double_.reset(); }
  void SetUp() override { double_->control({{"reset", true}}); }

  LlmConfig config(int max_retries = 3) const {
    LlmConfig c;
    c.provider = LlmProvider::anthropic;
    c.anthropic_api_key = "sk-ant-test";
    c.anthropic_model = "claude-sonnet-4-5";
    c.anthropic_base_url = double_->origin() + "/";
    c.max_retries = max_retries;
    return c;
  }
  static ModelWriterOptions fast(std::chrono::milliseconds stall = 0ms) {
    return {.retry_base_delay = 10ms, .retry_max_delay = 100ms, .connect_timeout = 2s, .stall_timeout = stall};
  }
  static Prompt prompt(const std::string& user) {
    return Prompt{.system = "You are a novelist.",
                  .cacheable_context = std::string(2000, 'b') + " the story bible",
                  .user = user,
                  .max_tokens = 2000,
                  .temperature = 0.7};
  }
  static void script(json::array behaviours) { double_->control({{"script", std::move(behaviours)}}); }

  static inline std::unique_ptr<testing::ModelDouble> double_;
};

TEST_F(AnthropicWriterTest, StreamsTheTextAndReportsUsageWithTheCache) {
  AnthropicWriter writer(config(), fast());
  EXPECT_EQ(writer.info().provider, "anthropic");
  EXPECT_EQ(writer.info().label, "Claude (claude-sonnet-4-5)");
  EXPECT_TRUE(writer.info().is_model);

  Received received;
  const auto first =
      writer.complete({}, prompt("Write the scene.\nStage: scene\nTarget words: 150"), received.sink(), {});
  EXPECT_EQ(count_words(first.text), 150u);
  EXPECT_EQ(received.text, first.text);
  EXPECT_GT(received.deltas, 100);
  EXPECT_EQ(received.restarts, 0);
  EXPECT_EQ(first.model, "claude-sonnet-4-5");
  EXPECT_EQ(first.stop_reason, "end_turn");
  // First sight of the bible writes it to the cache; input_tokens counts every prompt token.
  EXPECT_GT(first.usage.cache_creation_input_tokens, 500);
  EXPECT_EQ(first.usage.cache_read_input_tokens, 0);
  EXPECT_GT(first.usage.input_tokens, first.usage.cache_creation_input_tokens);
  EXPECT_GT(first.usage.output_tokens, 150);

  const auto second = writer.complete({}, prompt("Stage: summary"), nullptr, {});
  EXPECT_EQ(second.usage.cache_creation_input_tokens, 0);
  EXPECT_EQ(second.usage.cache_read_input_tokens, first.usage.cache_creation_input_tokens);
  EXPECT_GT(second.usage.input_tokens, second.usage.cache_read_input_tokens);

  const auto requests = double_->requests();
  ASSERT_EQ(requests.size(), 2u);
  const auto& headers = requests[0].at("headers").as_object();
  EXPECT_EQ(headers.at("x-api-key").as_string(), "sk-ant-test");
  EXPECT_EQ(headers.at("anthropic-version").as_string(), "2023-06-01");
  EXPECT_EQ(headers.at("content-type").as_string(), "application/json");
  EXPECT_EQ(requests[0].at("path").as_string(), "/v1/messages");
  const auto& body = requests[0].at("body").as_object();
  EXPECT_EQ(body.at("model").as_string(), "claude-sonnet-4-5");
  EXPECT_EQ(body.at("stream").as_bool(), true);
  EXPECT_EQ(body.at("max_tokens").as_int64(), 2000);
  const auto& system = body.at("system").as_array();
  ASSERT_EQ(system.size(), 2u);
  EXPECT_EQ(system[0].at("text").as_string(), "You are a novelist.");
  EXPECT_FALSE(system[0].as_object().contains("cache_control"));
  EXPECT_EQ(system[1].at("cache_control").at("type").as_string(), "ephemeral");
  EXPECT_EQ(body.at("messages").at(0).at("role").as_string(), "user");
}

TEST_F(AnthropicWriterTest, AnswersAStructuredStageWithValidJson) {
  AnthropicWriter writer(config(), fast());
  const auto outline = writer.complete({}, prompt("Stage: outline\nChapters: 7"), nullptr, {});
  const auto parsed = json::parse(outline.text);
  EXPECT_EQ(parsed.at("chapters").as_array().size(), 7u);
  const auto plan = writer.complete({}, prompt("Stage: chapter_plan\nChapter: 3\nScenes: 4"), nullptr, {});
  const auto parsed_plan = json::parse(plan.text);
  EXPECT_EQ(parsed_plan.at("number").as_int64(), 3);
  EXPECT_EQ(parsed_plan.at("scenes").as_array().size(), 4u);
}

TEST_F(AnthropicWriterTest, WaitsAsLongAsRetryAfterSaysOn429) {
  script({json::object{{"status", 429}, {"retry_after", 1}}});
  AnthropicWriter writer(config(), fast());
  const auto start = Clock::now();
  const auto completion = writer.complete({}, prompt("Stage: genre"), nullptr, {});
  const auto waited = Clock::now() - start;
  EXPECT_EQ(completion.text, "gothic mystery");
  EXPECT_GE(waited, 1s);
  EXPECT_LT(waited, 5s);
  EXPECT_EQ(double_->requests().size(), 2u);
}

TEST_F(AnthropicWriterTest, Retries529And500ThenSucceeds) {
  script({json::object{{"status", 529}}, json::object{{"status", 500}}});
  AnthropicWriter writer(config(), fast());
  Received received;
  const auto completion = writer.complete({}, prompt("Stage: genre"), received.sink(), {});
  EXPECT_EQ(completion.text, "gothic mystery");
  EXPECT_EQ(received.restarts, 0);  // nothing had been delivered by the failed attempts
  EXPECT_EQ(double_->requests().size(), 3u);
}

TEST_F(AnthropicWriterTest, GivesUpAfterTheRetriesWithTheLastFailure) {
  script({json::object{{"status", 529}, {"message", "Overloaded"}}, json::object{{"status", 529}},
          json::object{{"status", 529}, {"message", "Overloaded"}}});
  AnthropicWriter writer(config(2), fast());
  try {
    writer.complete({}, prompt("Stage: genre"), nullptr, {});
    FAIL() << "expected a WriterError";
  } catch (const WriterError& e) {
    EXPECT_EQ(e.failure(), WriterFailure::overloaded);
    EXPECT_EQ(std::string(e.what()), "the Anthropic API is overloaded (HTTP 529): Overloaded; gave up after 2 retries");
  }
  EXPECT_EQ(double_->requests().size(), 3u);

  script({json::object{{"status", 429}}, json::object{{"status", 429}}, json::object{{"status", 429}}});
  try {
    writer.complete({}, prompt("Stage: genre"), nullptr, {});
    FAIL() << "expected a WriterError";
  } catch (const WriterError& e) {
    EXPECT_EQ(e.failure(), WriterFailure::rate_limited);
  }
}

TEST_F(AnthropicWriterTest, ARejectedKeyIsNeverRetried) {
  double_->control({{"api_key", "the-right-key"}});
  AnthropicWriter writer(config(), fast());
  try {
    writer.complete({}, prompt("Stage: genre"), nullptr, {});
    FAIL() << "expected a WriterError";
  } catch (const WriterError& e) {
    EXPECT_EQ(e.failure(), WriterFailure::rejected_key);
    EXPECT_EQ(std::string(e.what()), "the Anthropic API key was rejected (HTTP 401): invalid x-api-key");
  }
  double_->control({{"api_key", nullptr}});
  EXPECT_EQ(double_->requests().size(), 1u);
}

TEST_F(AnthropicWriterTest, ABadRequestCarriesTheApiMessage) {
  script({json::object{{"status", 404}, {"message", "model: claude-nonexistent"}}});
  AnthropicWriter writer(config(), fast());
  try {
    writer.complete({}, prompt("Stage: genre"), nullptr, {});
    FAIL() << "expected a WriterError";
  } catch (const WriterError& e) {
    EXPECT_EQ(e.failure(), WriterFailure::bad_request);
    EXPECT_EQ(std::string(e.what()), "the Anthropic API refused the request (HTTP 404): model: claude-nonexistent");
  }
  EXPECT_EQ(double_->requests().size(), 1u);
}

TEST_F(AnthropicWriterTest, AStreamCutMidwayIsAskedAgainAndRestartsTheSink) {
  AnthropicWriter writer(config(), fast());
  const auto user = std::string("Stage: scene\nTarget words: 200");
  Received clean_received;
  const auto clean = writer.complete({}, prompt(user), clean_received.sink(), {});
  double_->control({{"reset", true}, {"script", json::array{json::object{{"cut_after", 40}}}}});

  Received received;
  const auto completion = writer.complete({}, prompt(user), received.sink(), {});
  EXPECT_EQ(completion.text, clean.text);
  EXPECT_EQ(received.text, completion.text);
  EXPECT_EQ(received.restarts, 1);
  EXPECT_EQ(received.deltas, 40 + clean_received.deltas);  // 40 from the broken attempt, then all again
  EXPECT_EQ(double_->requests().size(), 2u);
}

TEST_F(AnthropicWriterTest, AnOverloadedErrorEventInTheStreamIsRetried) {
  script({json::object{{"error_after", 5}, {"error_type", "overloaded_error"}}});
  AnthropicWriter writer(config(), fast());
  Received received;
  const auto completion = writer.complete({}, prompt("Stage: scene\nTarget words: 60"), received.sink(), {});
  EXPECT_EQ(count_words(completion.text), 60u);
  EXPECT_EQ(received.text, completion.text);
  EXPECT_EQ(received.restarts, 1);
  EXPECT_EQ(double_->requests().size(), 2u);
}

TEST_F(AnthropicWriterTest, ASilentStreamTimesOutAndIsRetried) {
  script({json::object{{"stall_after", 3}, {"stall_seconds", 3}}});
  AnthropicWriter writer(config(), fast(300ms));
  Received received;
  const auto start = Clock::now();
  const auto completion = writer.complete({}, prompt("Stage: scene\nTarget words: 30"), received.sink(), {});
  EXPECT_LT(Clock::now() - start, 2s);
  EXPECT_EQ(count_words(completion.text), 30u);
  EXPECT_EQ(received.restarts, 1);

  script(
      {json::object{{"stall_after", 0}, {"stall_seconds", 3}}, json::object{{"stall_after", 0}, {"stall_seconds", 3}}});
  AnthropicWriter impatient(config(1), fast(300ms));
  try {
    impatient.complete({}, prompt("Stage: genre"), nullptr, {});
    FAIL() << "expected a WriterError";
  } catch (const WriterError& e) {
    EXPECT_EQ(e.failure(), WriterFailure::timeout);
    EXPECT_EQ(std::string(e.what()), "the Anthropic API sent nothing for 300 ms; gave up after 1 retries");
  }
}

TEST_F(AnthropicWriterTest, StopsPromptlyWhenCancelledMidStream) {
  double_->control({{"default", json::object{{"tokens_per_second", 50}}}});
  AnthropicWriter writer(config(), fast());
  std::stop_source stop;
  Received received;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(400ms);
    stop.request_stop();
  });
  const auto start = Clock::now();
  try {
    writer.complete({}, prompt("Stage: scene\nTarget words: 1000"), received.sink(), stop.get_token());
    FAIL() << "expected a WriterError";
  } catch (const WriterError& e) {
    EXPECT_EQ(e.failure(), WriterFailure::cancelled);
  }
  EXPECT_LT(Clock::now() - start, 1500ms);
  EXPECT_GT(received.deltas, 0);
}

TEST_F(AnthropicWriterTest, StopsPromptlyWhenCancelledDuringABackoffWait) {
  script({json::object{{"status", 429}, {"retry_after", 30}}});
  LlmConfig slow_config = config();
  AnthropicWriter writer(slow_config, {.retry_base_delay = 10ms, .retry_max_delay = 60s});
  std::stop_source stop;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(300ms);
    stop.request_stop();
  });
  const auto start = Clock::now();
  EXPECT_THROW(writer.complete({}, prompt("Stage: genre"), nullptr, stop.get_token()), WriterError);
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST_F(AnthropicWriterTest, AnUnreachableServerIsANetworkFailure) {
  LlmConfig unreachable = config(1);
  unreachable.anthropic_base_url = "http://127.0.0.1:1";
  AnthropicWriter writer(unreachable, fast());
  try {
    writer.complete({}, prompt("Stage: genre"), nullptr, {});
    FAIL() << "expected a WriterError";
  } catch (const WriterError& e) {
    EXPECT_EQ(e.failure(), WriterFailure::network);
    EXPECT_TRUE(std::string(e.what()).starts_with("could not reach the Anthropic API: ")) << e.what();
  }
}

TEST_F(AnthropicWriterTest, LeavesOutEmptySystemBlocks) {
  AnthropicWriter writer(config(), fast());
  Prompt bare;
  bare.user = "hello";
  const auto body = json::parse(writer.request_body(bare)).as_object();
  EXPECT_FALSE(body.contains("system"));
  EXPECT_EQ(body.at("messages").at(0).at("content").as_string(), "hello");
}

}  // namespace
}  // namespace authorworks::llm
