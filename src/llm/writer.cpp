#include "llm/writer.hpp"

#include <array>
#include <utility>

namespace authorworks::llm {

namespace {
constexpr std::array<std::pair<Stage, std::string_view>, 10> kStages{{
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

constexpr std::array<std::pair<BookKind, std::string_view>, 3> kKinds{{
    {BookKind::novel, "novel"},
    {BookKind::screenplay, "screenplay"},
    {BookKind::play, "play"},
}};

// A writer that gave up is the upstream's failure as far as an HTTP client is concerned, except a
// silent stream (a timeout) and a cancellation, which the caller asked for.
ErrorCode error_code(WriterFailure failure) noexcept {
  switch (failure) {
    case WriterFailure::timeout: return ErrorCode::upstream_timeout;
    case WriterFailure::cancelled: return ErrorCode::conflict;
    case WriterFailure::rate_limited:
    case WriterFailure::overloaded: return ErrorCode::unavailable;
    default: return ErrorCode::upstream_failed;
  }
}
}  // namespace

std::string_view stage_name(Stage stage) noexcept {
  for (const auto& [value, name] : kStages) {
    if (value == stage) return name;
  }
  return "unknown";
}

std::optional<Stage> parse_stage(std::string_view name) noexcept {
  for (const auto& [value, text] : kStages) {
    if (text == name) return value;
  }
  return std::nullopt;
}

bool is_structured(Stage stage) noexcept {
  return stage == Stage::characters || stage == Stage::outline || stage == Stage::chapter_plan;
}

std::string_view kind_name(BookKind kind) noexcept {
  for (const auto& [value, name] : kKinds) {
    if (value == kind) return name;
  }
  return "unknown";
}

std::optional<BookKind> parse_kind(std::string_view name) noexcept {
  for (const auto& [value, text] : kKinds) {
    if (text == name) return value;
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
    : Error(error_code(failure), std::move(message)), failure_(failure) {}

}  // namespace authorworks::llm
