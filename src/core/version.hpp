#pragma once
#include <string_view>

namespace authorworks {
std::string_view version();
std::string_view git_revision();
}  // namespace authorworks
