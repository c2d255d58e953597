#pragma once
// The event loop of an I/O thread, as code outside src/http sees it (without Asio): it can wait
// for a file descriptor to become readable or writable and run work on that thread, now or later.
// Non-blocking clients (libpq's asynchronous API) use it to wait for their socket on the I/O
// thread itself, which saves a worker thread's two wake-ups per request. Nothing that can block
// may run on it: only non-blocking calls and short, uncontended locks.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace authorworks::runtime {

// A descriptor registered with a reactor, to be waited on again and again. Destroying it
// unregisters the descriptor without closing it. Wait on the reactor's thread only; destroy it on
// any thread while no wait is pending, even after the reactor is gone (it then does nothing).
class FdWatch {
 public:
  enum class Event { readable, writable };

  virtual ~FdWatch() = default;
  // Calls `ready` once, on the reactor's thread, when the descriptor is ready for `event` (true),
  // or when the wait failed or was cancelled, at shutdown (false). At most one wait for each event
  // at a time: a readable and a writable wait may be pending together.
  virtual void wait(Event event, std::function<void(bool ready)> ready) = 0;
};

class Reactor {
 public:
  Reactor() noexcept;
  virtual ~Reactor() = default;
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  // Unique in the process, never reused (an address may be, by a later reactor): what a watch
  // kept between uses remembers of the reactor it belongs to.
  std::uint64_t serial() const noexcept { return serial_; }

  // Starts watching `fd`, which stays the caller's.
  virtual std::unique_ptr<FdWatch> watch(int fd) = 0;
  // Runs `work` on the reactor's thread; callable from any thread.
  virtual void post(std::function<void()> work) = 0;
  // Runs `work` on the reactor's thread once `delay` has passed; callable from any thread.
  virtual void post_after(std::chrono::milliseconds delay, std::function<void()> work) = 0;

  // The reactor whose thread is calling: set on the server's I/O threads, nullptr on every other
  // thread (workers, background threads, tests), where blocking calls are allowed instead.
  static Reactor* current() noexcept;
  // Called by an I/O thread before it runs its loop (and with nullptr after).
  static void set_current(Reactor* reactor) noexcept;

 private:
  std::uint64_t serial_;
};

}  // namespace authorworks::runtime
