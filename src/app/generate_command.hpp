#pragma once
// `authorworks generate`: runs the generation engine in this process on a SQLite database inside
// the output folder, shows live progress, and writes the finished book as Markdown.
#include "app/cli.hpp"

namespace authorworks {

// Returns the exit code: 0 written, 1 the writer or the files failed, 2 bad options, 130 interrupted.
int run_generate(const GenerateOptions& options);

}  // namespace authorworks
