#pragma once
// The content module's interfaces take the caller every module's interfaces take (auth/caller.hpp).
#include "auth/caller.hpp"

namespace authorworks::content {

using Caller = auth::Caller;

}  // namespace authorworks::content
