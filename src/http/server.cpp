#include "http/server.hpp"

#include <algorithm>

#include "core/log.hpp"
#include "http/server_internal.hpp"

namespace authorworks::http {

using namespace detail;

struct Server::Impl {
  std::shared_ptr<ServerState> state;
};

Server::Server(ServerOptions options, const Router& router, WorkerPool& workers, Metrics& metrics)
    : impl_(std::make_shared<Impl>()) {
  impl_->state = std::make_shared<ServerState>(std::move(options), router, workers, metrics);
}

Server::~Server() {
  auto& s = *impl_->state;
  if (!s.threads.empty()) shutdown(std::chrono::milliseconds(0));
  // Coroutines still suspended in the stopped io_contexts (a sweeper between ticks, a connection
  // cut off at the end of the grace period) hold the state, which holds the io_contexts: a cycle
  // that leaks. Destroying the io_contexts destroys those coroutines and breaks it. The acceptor
  // belongs to the first io_context, so it goes first.
  s.acceptor.reset();
  s.contexts.clear();
}

std::uint16_t Server::listen() {
  auto& s = *impl_->state;
  const auto address = net::ip::make_address(s.options.host);
  tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.emplace(s.contexts.front()->ioc);
  s.acceptor->open(endpoint.protocol());
  s.acceptor->set_option(net::socket_base::reuse_address(true));
  if (endpoint.protocol() == tcp::v6()) s.acceptor->set_option(net::ip::v6_only(false));
  s.acceptor->bind(endpoint);
  s.acceptor->listen(net::socket_base::max_listen_connections);
  return s.acceptor->local_endpoint().port();
}

namespace {
net::awaitable<void> accept_loop(std::shared_ptr<ServerState> state) {
  std::size_t next = 0;
  while (!state->stopping) {
    auto& io = *state->contexts[next++ % state->contexts.size()];
    auto [ec, socket] = co_await state->acceptor->async_accept(io.ioc, as_tuple_awaitable);
    if (ec) {
      if (state->stopping || ec == net::error::operation_aborted) break;
      // EMFILE and friends: wait a little rather than spin.
      log::warn("accept failed", {{"error", ec.message()}});
      net::steady_timer timer(co_await net::this_coro::executor, std::chrono::milliseconds(50));
      co_await timer.async_wait(as_tuple_awaitable);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto executor = socket.get_executor();
    net::co_spawn(executor, run_http_session(state, io, std::move(socket)), net::detached);
  }
}

net::awaitable<void> sweep_deadlines(std::shared_ptr<ServerState> state, IoThread& io) {
  auto& timer = io.sweeper;
  while (true) {
    timer.expires_after(std::chrono::milliseconds(200));
    auto [ec] = co_await timer.async_wait(as_tuple_awaitable);
    if (ec || (state->stopping && io.expirables.empty())) break;
    const auto now = Clock::now();
    // check_deadline may close a connection, which unregisters it: iterate over a copy.
    const std::vector<Expirable*> members(io.expirables.begin(), io.expirables.end());
    for (auto* e : members) {
      if (io.expirables.contains(e)) e->check_deadline(now);
    }
  }
}
}  // namespace

void Server::start() {
  auto state = impl_->state;
  net::co_spawn(state->contexts.front()->ioc, accept_loop(state), net::detached);
  for (auto& context : state->contexts) {
    auto* io = context.get();
    net::co_spawn(io->ioc, sweep_deadlines(state, *io), net::detached);
    state->threads.emplace_back([io] {
      runtime::Reactor::set_current(&io->reactor);
      io->ioc.run();
      runtime::Reactor::set_current(nullptr);
    });
  }
}

void Server::shutdown(std::chrono::milliseconds grace) {
  auto state = impl_->state;
  if (state->stopping.exchange(true)) return;
  net::post(state->contexts.front()->ioc, [state] {
    boost::system::error_code ec;
    if (state->acceptor) state->acceptor->close(ec);
  });
  auto snapshot = [&] {
    std::lock_guard lock(state->tracked_mutex);
    return std::vector<std::shared_ptr<Tracked>>(state->tracked.begin(), state->tracked.end());
  };
  for (auto& t : snapshot()) t->begin_shutdown();

  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(state->tracked_mutex);
      if (state->tracked.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto left = snapshot();
  if (!left.empty())
    log::warn("closing connections still busy at the end of the shutdown grace period", {{"connections", left.size()}});
  for (auto& t : left) t->force_close();
  // Give forced closes a moment to unwind their coroutines, then stop the loop.
  const auto hard_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  while (std::chrono::steady_clock::now() < hard_deadline) {
    {
      std::lock_guard lock(state->tracked_mutex);
      if (state->tracked.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Let the accept loop and the sweepers end so that each I/O thread runs out of work: a coroutine
  // stranded in a stopped io_context keeps the state that owns the io_context alive, a leak. What
  // is still busy after a short wait is stopped.
  for (auto& context : state->contexts) {
    net::post(context->ioc, [io = context.get()] { io->sweeper.cancel(); });
  }
  const auto idle_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  auto all_idle = [&] {
    return std::all_of(state->contexts.begin(), state->contexts.end(), [](const auto& c) { return c->ioc.stopped(); });
  };
  while (!state->threads.empty() && !all_idle() && std::chrono::steady_clock::now() < idle_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (auto& context : state->contexts) context->ioc.stop();
  for (auto& th : state->threads) {
    if (th.joinable()) th.join();
  }
  state->threads.clear();
}

std::size_t Server::open_connections() const {
  std::lock_guard lock(impl_->state->tracked_mutex);
  return impl_->state->tracked.size();
}

}  // namespace authorworks::http
