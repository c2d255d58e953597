#include "storage/sha256_stream.hpp"

#include <array>

#include "auth/sodium.hpp"

namespace authorworks::storage {

Sha256Stream::Sha256Stream() {
  auth::ensure_sodium();
  crypto_hash_sha256_init(&state_);
}

void Sha256Stream::update(std::string_view bytes) {
  crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string Sha256Stream::hex() {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state_, digest.data());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> text{};
  sodium_bin2hex(text.data(), text.size(), digest.data(), digest.size());
  return std::string(text.data(), crypto_hash_sha256_BYTES * 2);
}

}  // namespace authorworks::storage
