#pragma once
// The offline writer: composes every stage's output procedurally, with no network and no model.
// Deterministic for a given title, braindump, seed and step, so a resumed or repeated run writes
// the same book. It is the default writer when no model is configured, and it is always named as
// "Offline writer (not an AI model)" so nobody mistakes its text for a model's.
#include <memory>

#include "llm/writer.hpp"

namespace authorworks::llm {

std::unique_ptr<Writer> make_offline_writer();

}  // namespace authorworks::llm
