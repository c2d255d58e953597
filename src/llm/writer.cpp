#include "llm/writer.hpp"

#include <array>
#include <utility>

namespace authorworks::llm {

namespace {
constexpr std::array<std::pair<Stage, std::string_view>, 10> stage_names{{
    {Stage::genre, "genre"},
    {Stage::style, "style"},
    {Stage::characters, "characters"},
    {Stage::synopsis, "synopsis"},
    {Stage::outline, "outline"},
    {Stage::chapter_plan, "chapter_plan"},
    {Stage::scene, "scene"},
    {Stage::scene_continue, "scene_continue"},
    {Stage::summary, "summary"},
    {Stage::repair, "repair"},
}};

constexpr std::array<std::pair<BookKind, std::string_view>, 3> kind_names{{
    {BookKind::novel, "novel"},
    {BookKind::screenplay, "screenplay"},
    {BookKind::play, "play"},
}};

// A writer failure reaches people through the job's error; when it surfaces on an HTTP route it is
// the upstream (the model provider) that failed, never our server.
ErrorCode error_code_for(WriterFailure failure) noexcept {
  switch (failure) {
    case WriterFailure::rate_limited:
    case WriterFailure::overloaded:
    case WriterFailure::cancelled: return ErrorCode::unavailable;
    case WriterFailure::timeout: return ErrorCode::upstream_timeout;
    case WriterFailure::rejected_key:
    case WriterFailure::bad_request:
    case WriterFailure::server:
    case WriterFailure::network:
    case WriterFailure::invalid_output: return ErrorCode::upstream_failed;
  }
  return ErrorCode::upstream_failed;
}
}  // namespace

std::string_view stage_name(Stage stage) noexcept {
  for (const auto& [value, name] : stage_names) {
    if (value == stage) return name;
  }
  return "unknown";
}

std::optional<Stage> parse_stage(std::string_view name) noexcept {
  for (const auto& [value, known] : stage_names) {
    if (known == name) return value;
  }
  return std::nullopt;
}

bool is_structured(Stage stage) noexcept {
  return stage == Stage::characters || stage == Stage::outline || stage == Stage::chapter_plan;
}

std::string_view kind_name(BookKind kind) noexcept {
  for (const auto& [value, name] : kind_names) {
    if (value == kind) return name;
  }
  return "unknown";
}

std::optional<BookKind> parse_kind(std::string_view name) noexcept {
  for (const auto& [value, known] : kind_names) {
    if (known == name) return value;
  }
  return std::nullopt;
}

std::string_view failure_name(WriterFailure failure) noexcept {
  switch (failure) {
    case WriterFailure::rejected_key: return "rejected_key";
    case WriterFailure::bad_request: return "bad_request";
    case WriterFailure::rate_limited: return "rate_limited";
    case WriterFailure::overloaded: return "overloaded";
    case WriterFailure::server: return "server";
    case WriterFailure::network: return "network";
    case WriterFailure::timeout: return "timeout";
    case WriterFailure::cancelled: return "cancelled";
    case WriterFailure::invalid_output: return "invalid_output";
  }
  return "unknown";
}

WriterError::WriterError(WriterFailure failure, std::string message)
    : Error(error_code_for(failure), std::move(message)), failure_(failure) {}

}  // namespace authorworks::llm
