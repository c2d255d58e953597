#pragma once
// Who asks a module for something when another module asks on a person's behalf: the request (whose
// credentials go along when the owning service is called over HTTP) and the person the asking
// service authenticated from it. The owning module decides what that person may see.
#include "auth/authenticator.hpp"

namespace authorworks::http {
class Request;
}

namespace authorworks::auth {

struct Caller {
  const http::Request& request;
  const Principal& principal;
};

}  // namespace authorworks::auth
