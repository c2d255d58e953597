#pragma once
// `authorworks export`: renders the book in a `generate` folder to files, without a server.
#include "app/cli.hpp"

namespace authorworks {

// Returns the exit code: 0 written, 1 the book or a file failed, 2 bad options.
int run_export(const ExportOptions& options);

}  // namespace authorworks
