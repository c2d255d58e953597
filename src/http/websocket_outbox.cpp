#include "http/websocket_outbox.hpp"

namespace authorworks::http {

void WebSocketOutbox::open(std::shared_ptr<WebSocketPeer> peer, std::shared_ptr<const std::string> first) {
  std::lock_guard lock(mutex_);
  peer_ = std::move(peer);
  if (first) peer_->send(std::move(first));
  for (auto& message : waiting_) peer_->send(std::move(message));
  waiting_.clear();
}

bool WebSocketOutbox::send(std::shared_ptr<const std::string> message) {
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  if (!peer_) {
    waiting_.push_back(std::move(message));
    return true;
  }
  if (!peer_->is_open()) return false;
  peer_->send(std::move(message));
  return true;
}

void WebSocketOutbox::close() {
  std::lock_guard lock(mutex_);
  peer_.reset();
  waiting_.clear();
  closed_ = true;
}

}  // namespace authorworks::http
