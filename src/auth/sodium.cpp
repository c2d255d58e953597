#include "auth/sodium.hpp"

#include <sodium.h>

#include <stdexcept>

namespace authorworks::auth {

void ensure_sodium() {
  // sodium_init() is thread-safe and idempotent: 0 on the first success, 1 afterwards, -1 on failure.
  static const int result = sodium_init();
  if (result < 0) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace authorworks::auth
