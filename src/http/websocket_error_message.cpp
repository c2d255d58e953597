#include "http/websocket_error_message.hpp"

#include <boost/json.hpp>

namespace authorworks::http {

std::shared_ptr<const std::string> websocket_error_message(std::string_view detail) {
  return std::make_shared<const std::string>(
      boost::json::serialize(boost::json::object{{"type", "error"}, {"detail", detail}}));
}

}  // namespace authorworks::http
