#include "runtime/reactor.hpp"

#include <atomic>

namespace authorworks::runtime {
namespace {
thread_local Reactor* this_thread_reactor = nullptr;
std::atomic<std::uint64_t> reactors_made{0};
}  // namespace

Reactor::Reactor() noexcept : serial_(++reactors_made) {}

Reactor* Reactor::current() noexcept { return this_thread_reactor; }

void Reactor::set_current(Reactor* reactor) noexcept { this_thread_reactor = reactor; }

}  // namespace authorworks::runtime
