#pragma once
// Runs one of the wire-protocol test doubles (tests/doubles/*_double.py) as a child process on a
// free port for the length of a test, and talks to its control endpoint.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "llm/http_stream.hpp"

extern char** environ;

namespace authorworks::testing {

class ModelDouble {
 public:
  // `script`: "anthropic_double.py" or "openai_double.py".
  explicit ModelDouble(const std::string& script) {
    dir_ = std::filesystem::temp_directory_path() / ("aw-double-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    const auto port_file = (dir_ / "port").string();
    const auto log_file = (dir_ / "log").string();
    std::string python = "/usr/bin/python3";
    std::string path = std::string(AUTHORWORKS_SOURCE_DIR) + "/tests/doubles/" + script;
    std::string port_flag = "--port", port_value = "0", file_flag = "--port-file", file_value = port_file;
    char* argv[] = {python.data(),    path.data(),       port_flag.data(), port_value.data(),
                    file_flag.data(), file_value.data(), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int spawned = posix_spawn(&pid_, python.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) throw std::runtime_error("could not start " + path);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!std::filesystem::exists(port_file)) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        throw std::runtime_error(script + " exited at start: " + log());
      }
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error(script + " did not start: " + log());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::ifstream(port_file) >> port_;
  }

  ~ModelDouble() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  ModelDouble(const ModelDouble&) = delete;
  ModelDouble& operator=(const ModelDouble&) = delete;

  int port() const { return port_; }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // POST /__control with `command` (see tests/doubles/scripted_double.py).
  void control(const boost::json::object& command) const {
    const auto result = call("POST", "/__control", boost::json::serialize(command));
    if (result.status != 200) throw std::runtime_error("control request failed: " + result.error_body);
  }

  // Every API request the double has received, oldest first.
  boost::json::array requests() const {
    std::string body;
    const auto result = call("GET", "/__requests", "", &body);
    if (result.status != 200) throw std::runtime_error("GET /__requests failed");
    return boost::json::parse(body).at("requests").as_array();
  }

  std::string log() const {
    std::ifstream in(dir_ / "log");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  llm::HttpStreamResult call(const std::string& method, const std::string& path, std::string body,
                             std::string* response = nullptr) const {
    llm::HttpStreamRequest request{.method = method,
                                   .url = origin() + path,
                                   .headers = {"content-type: application/json"},
                                   .body = std::move(body),
                                   .connect_timeout = std::chrono::seconds(5),
                                   .stall_timeout = std::chrono::seconds(10)};
    std::string received;
    auto result = llm::http_stream(request, [&](std::string_view chunk) { received.append(chunk); }, {});
    if (response != nullptr) *response = std::move(received);
    return result;
  }

  std::filesystem::path dir_;
  pid_t pid_ = 0;
  int port_ = 0;
};

}  // namespace authorworks::testing
