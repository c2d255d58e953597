#pragma once
// SHA-256 of bytes that arrive in pieces (libsodium).
#include <sodium.h>

#include <string>
#include <string_view>

namespace authorworks::storage {

class Sha256Stream {
 public:
  Sha256Stream();
  void update(std::string_view bytes);
  // Lower-case hex; call once, at the end.
  std::string hex();

 private:
  crypto_hash_sha256_state state_{};
};

}  // namespace authorworks::storage
