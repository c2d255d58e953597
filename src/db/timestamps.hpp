#pragma once
// Timestamps as the database layer binds and returns them on both backends: ISO-8601 UTC text
// with milliseconds and a trailing Z, "2026-11-28T21:55:52.123Z". On SQLite they are stored as
// that text, so its order is their order; on PostgreSQL they are TIMESTAMPTZ(3).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace authorworks::db {

using Clock = std::chrono::system_clock;

std::string to_timestamp(Clock::time_point time);
std::string now_timestamp();
// Parses the form above (the milliseconds may be left out); nullopt for anything else.
std::optional<Clock::time_point> parse_timestamp(std::string_view text);

}  // namespace authorworks::db
