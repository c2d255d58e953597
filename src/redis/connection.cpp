#include "redis/connection.hpp"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <pthread.h>

#include <cstring>
#include <ctime>

namespace authorworks::redis::detail {

void ContextDeleter::operator()(redisContext* context) const noexcept {
  if (context != nullptr) redisFree(context);
}

Reply convert(const redisReply& reply) {
  switch (reply.type) {
    case REDIS_REPLY_INTEGER: return Reply::make_integer(reply.integer);
    case REDIS_REPLY_STRING: return Reply::make_string(std::string(reply.str, reply.len));
    case REDIS_REPLY_STATUS: return Reply::make_status(std::string(reply.str, reply.len));
    case REDIS_REPLY_ERROR: return Reply::make_error(std::string(reply.str, reply.len));
    case REDIS_REPLY_ARRAY: {
      std::vector<Reply> elements;
      elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i) {
        elements.push_back(reply.element[i] != nullptr ? convert(*reply.element[i]) : Reply());
      }
      return Reply::make_array(std::move(elements));
    }
    case REDIS_REPLY_NIL:
    default: return Reply();
  }
}

std::string context_error(const redisContext& context, std::chrono::milliseconds timeout) {
  const std::string text = context.errstr[0] != '\0' ? std::string(context.errstr) : std::string("unknown error");
  // A socket timeout (SO_RCVTIMEO/SO_SNDTIMEO) surfaces as EAGAIN's text.
  if (context.err == REDIS_ERR_IO &&
      (text.find("temporarily unavailable") != std::string::npos || text.find("timed out") != std::string::npos)) {
    return "no answer within " + std::to_string(timeout.count()) + " ms";
  }
  return text;
}

Argv::Argv(const std::vector<std::string>& args) {
  pointers.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto& a : args) {
    pointers.push_back(a.data());
    lengths.push_back(a.size());
  }
}

std::vector<std::string> auth_command(const Url& url) {
  if (url.password.empty()) return {};
  if (url.username.empty()) return {"AUTH", url.password};
  return {"AUTH", url.username, url.password};
}

SigpipeGuard::SigpipeGuard() noexcept {
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &previous_mask_);
  sigset_t pending;
  sigemptyset(&pending);
  if (sigpending(&pending) == 0) was_pending_ = sigismember(&pending, SIGPIPE) == 1;
}

SigpipeGuard::~SigpipeGuard() {
  if (!was_pending_) {
    sigset_t pending;
    sigemptyset(&pending);
    if (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1) {
      sigset_t pipe_only;
      sigemptyset(&pipe_only);
      sigaddset(&pipe_only, SIGPIPE);
      const timespec no_wait{0, 0};
      sigtimedwait(&pipe_only, nullptr, &no_wait);
    }
  }
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

bool idle_socket_healthy(int fd) noexcept {
  pollfd p{fd, POLLIN, 0};
  const int n = poll(&p, 1, 0);
  return n == 0;  // readable (data, EOF) or an error on an idle connection means it is done for
}

}  // namespace authorworks::redis::detail
