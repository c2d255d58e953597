#pragma once
// The HTTP and WebSocket server (Boost.Beast on Asio, C++20 coroutines). Beast stays inside
// src/http/server_*.cpp: nothing else in the project includes it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace authorworks {
class WorkerPool;
class Metrics;
}  // namespace authorworks

namespace authorworks::http {

class Router;

struct ServerOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;
  std::size_t body_limit = 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds idle_timeout{75};
  // For a body read whole into memory: all of it must arrive in this time. For a spooled body
  // (RouteOptions::spool_body): the longest silence between two pieces of it.
  std::chrono::seconds body_timeout{60};
  // Where spooled request bodies are written while they arrive (created when missing); empty: the
  // system's temporary folder.
  std::filesystem::path spool_dir;
  unsigned io_threads = 0;  // 0: one per core
  std::vector<std::string> allowed_origins;
  std::size_t websocket_queue_limit = 4096;  // messages waiting for a slow client before it is closed
  std::size_t websocket_message_limit = 64 * 1024;
  // An idle WebSocket is pinged after this long, and closed when nothing (not even the pong) comes
  // back within as long again.
  std::chrono::seconds websocket_ping{30};
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, WorkerPool& workers, Metrics& metrics);
  // Shuts down if still running. Destroy the server only once `workers` has finished its tasks:
  // a handler still running there would hand its response to a destroyed connection.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port (useful with port 0). Throws std::system_error.
  std::uint16_t listen();
  // Starts the I/O threads; returns at once.
  void start();
  // Stops accepting, closes idle connections, lets requests in flight finish until `grace` runs
  // out, then closes what is left and joins the I/O threads.
  void shutdown(std::chrono::milliseconds grace);

  std::size_t open_connections() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace authorworks::http
