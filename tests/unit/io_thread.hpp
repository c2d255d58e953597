#pragma once
// An I/O thread for tests: an io_context run by a thread whose Reactor::current() is set, as in the
// server, so that what may only start on an I/O thread (the database's non-blocking reads) can.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <thread>
#include <utility>

#include "http/io_reactor.hpp"
#include "runtime/reactor.hpp"

class IoThread {
 public:
  IoThread()
      : reactor_(ioc_), work_(boost::asio::make_work_guard(ioc_)), thread_([this] {
          authorworks::runtime::Reactor::set_current(&reactor_);
          ioc_.run();
          authorworks::runtime::Reactor::set_current(nullptr);
        }) {}
  ~IoThread() {
    work_.reset();
    ioc_.stop();
    thread_.join();
  }
  IoThread(const IoThread&) = delete;
  IoThread& operator=(const IoThread&) = delete;

  // Runs `work` on the I/O thread, waits for it, and returns what it returned.
  template <class Work>
  auto run(Work work) -> decltype(work()) {
    std::packaged_task<decltype(work())()> task(std::move(work));
    auto result = task.get_future();
    boost::asio::post(ioc_, [&task] { task(); });
    return result.get();
  }

 private:
  boost::asio::io_context ioc_;
  authorworks::http::detail::IoReactor reactor_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;
};
