#pragma once
// Who asks the content module for something, when another module asks on a person's behalf: the
// request (whose credentials go along when the content service is called over HTTP) and the person
// the asking service authenticated from it. The content side decides what that person may see.
#include "auth/authenticator.hpp"

namespace authorworks::http {
class Request;
}

namespace authorworks::content {

struct Caller {
  const http::Request& request;
  const auth::Principal& principal;
};

}  // namespace authorworks::content
