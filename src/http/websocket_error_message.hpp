#pragma once
#include <memory>
#include <string>
#include <string_view>

namespace authorworks::http {

// {"type":"error","detail":…}: how a WebSocket answers a message it cannot take.
std::shared_ptr<const std::string> websocket_error_message(std::string_view detail);

}  // namespace authorworks::http
