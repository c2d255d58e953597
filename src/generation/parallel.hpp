#pragma once
// Runs fn(0) .. fn(count-1) on up to `parallelism` threads. The first failure stops the others
// (through the stop token they are given) and is rethrown once every thread has ended; a failure
// caused by that stop (a cancelled writer call) never hides the one that caused it.
#include <functional>
#include <stop_token>

namespace authorworks::generation {

void run_in_parallel(int count, unsigned parallelism, std::stop_token stop,
                     const std::function<void(int index, std::stop_token stop)>& fn);

}  // namespace authorworks::generation
