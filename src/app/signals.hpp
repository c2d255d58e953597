#pragma once
#include <csignal>

namespace authorworks {

// Blocks SIGINT and SIGTERM in the calling thread (and every thread it starts afterwards), so that
// they are taken synchronously (sigwait, signalfd) instead of killing the process, and ignores
// SIGPIPE, which a peer closing a socket would otherwise raise. Returns the blocked set.
sigset_t block_termination_signals();

}  // namespace authorworks
