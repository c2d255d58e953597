#pragma once
// Record ids: random UUID v4 text ("0b7c5d3e-4f1a-4b2c-9d8e-7f6a5b4c3d2e"), made by the
// application for both backends. They do not leak how many records exist, and a client cannot
// guess one from another.
#include <string>
#include <string_view>

namespace authorworks::db {

std::string new_id();

// True for the lowercase canonical form new_id() makes (any UUID version).
bool is_id(std::string_view text) noexcept;

}  // namespace authorworks::db
