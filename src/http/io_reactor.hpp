#pragma once
// The runtime::Reactor of one I/O thread, over its io_context.
#include <boost/asio/io_context.hpp>
#include <memory>

#include "runtime/reactor.hpp"

namespace authorworks::http::detail {

class IoReactor final : public runtime::Reactor {
 public:
  explicit IoReactor(boost::asio::io_context& ioc);
  // Unregisters the watches still alive (the pool keeps its connections' watches between
  // statements, and may outlive the server): they do nothing from then on. Destroy the reactor
  // before its io_context.
  ~IoReactor() override;

  std::unique_ptr<runtime::FdWatch> watch(int fd) override;
  void post(std::function<void()> work) override;
  void post_after(std::chrono::milliseconds delay, std::function<void()> work) override;

  struct Watches;

 private:
  boost::asio::io_context& ioc_;
  std::shared_ptr<Watches> watches_;
};

}  // namespace authorworks::http::detail
