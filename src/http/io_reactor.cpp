#include "http/io_reactor.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <optional>
#include <unordered_set>

namespace authorworks::http::detail {

namespace net = boost::asio;

namespace {
class DescriptorWatch;
}

// The reactor's live watches, shared with them: whichever of a watch and its reactor goes first
// unregisters the descriptor, under the mutex.
struct IoReactor::Watches {
  std::mutex mutex;
  std::unordered_set<DescriptorWatch*> live;
};

namespace {

class DescriptorWatch final : public runtime::FdWatch {
 public:
  DescriptorWatch(net::io_context& ioc, int fd, std::shared_ptr<IoReactor::Watches> watches)
      : watches_(std::move(watches)) {
    descriptor_.emplace(ioc, fd);
    std::lock_guard lock(watches_->mutex);
    watches_->live.insert(this);
  }
  ~DescriptorWatch() override {
    std::lock_guard lock(watches_->mutex);
    close();
    watches_->live.erase(this);
  }
  DescriptorWatch(const DescriptorWatch&) = delete;
  DescriptorWatch& operator=(const DescriptorWatch&) = delete;

  void wait(Event event, std::function<void(bool)> ready) override {
    descriptor_->async_wait(
        event == Event::readable ? net::posix::descriptor_base::wait_read : net::posix::descriptor_base::wait_write,
        [ready = std::move(ready)](const boost::system::error_code& ec) { ready(!ec); });
  }

  // The descriptor belongs to the caller (libpq closes its socket itself): unregister, never close.
  // Called with the watches' mutex held.
  void close() {
    if (!descriptor_) return;
    descriptor_->release();
    descriptor_.reset();
  }

 private:
  std::shared_ptr<IoReactor::Watches> watches_;
  std::optional<net::posix::stream_descriptor> descriptor_;
};

}  // namespace

IoReactor::IoReactor(net::io_context& ioc) : ioc_(ioc), watches_(std::make_shared<Watches>()) {}

IoReactor::~IoReactor() {
  std::lock_guard lock(watches_->mutex);
  for (auto* watch : watches_->live) watch->close();
  watches_->live.clear();
}

std::unique_ptr<runtime::FdWatch> IoReactor::watch(int fd) {
  return std::make_unique<DescriptorWatch>(ioc_, fd, watches_);
}

void IoReactor::post(std::function<void()> work) { net::post(ioc_, std::move(work)); }

void IoReactor::post_after(std::chrono::milliseconds delay, std::function<void()> work) {
  auto timer = std::make_shared<net::steady_timer>(ioc_, delay);
  timer->async_wait([timer, work = std::move(work)](const boost::system::error_code&) { work(); });
}

}  // namespace authorworks::http::detail
