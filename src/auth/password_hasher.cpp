#include "auth/password_hasher.hpp"

#include <sodium.h>

#include <array>
#include <optional>
#include <stdexcept>

#include "auth/sodium.hpp"
#include "core/error.hpp"

namespace authorworks::auth {
namespace {

using HashBuffer = std::array<char, crypto_pwhash_STRBYTES>;

// libsodium reads stored hashes as C strings: copy into a NUL-terminated buffer, refusing what
// cannot be a hash (too long, or holding a NUL byte).
std::optional<HashBuffer> to_c_string(std::string_view stored_hash) noexcept {
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES ||
      stored_hash.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  HashBuffer buffer{};
  stored_hash.copy(buffer.data(), stored_hash.size());
  return buffer;
}

bool verify_c_string(const HashBuffer& hash, std::string_view password) noexcept {
  return crypto_pwhash_str_verify(hash.data(), password.data(), password.size()) == 0;
}

}  // namespace

PasswordHashCost PasswordHashCost::interactive() noexcept {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHashCost PasswordHashCost::moderate() noexcept {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}

PasswordHashCost PasswordHashCost::minimum() noexcept {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

PasswordHasher::PasswordHasher(PasswordHashCost cost) : cost_(cost) {
  ensure_sodium();
  if (cost.opslimit < crypto_pwhash_OPSLIMIT_MIN || cost.opslimit > crypto_pwhash_OPSLIMIT_MAX ||
      cost.memlimit < crypto_pwhash_MEMLIMIT_MIN || cost.memlimit > crypto_pwhash_MEMLIMIT_MAX) {
    throw std::invalid_argument("password hash cost outside libsodium's bounds");
  }
}

void PasswordHasher::prepare_dummy() const {
  // call_once lets a first call that throws (no memory) leave the flag unset: a later call tries again.
  std::call_once(dummy_made_, [this] {
    // A random password nobody knows, at this hasher's cost.
    std::array<unsigned char, 32> secret{};
    randombytes_buf(secret.data(), secret.size());
    dummy_hash_ = hash(std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size()));
    sodium_memzero(secret.data(), secret.size());
  });
}

std::string PasswordHasher::hash(std::string_view password) const {
  HashBuffer out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(), cost_.opslimit, cost_.memlimit) != 0) {
    throw Error(ErrorCode::unavailable, "not enough memory to hash a password");
  }
  return std::string(out.data());
}

bool PasswordHasher::verify(std::string_view stored_hash, std::string_view password) const noexcept {
  const auto hash = to_c_string(stored_hash);
  return hash && verify_c_string(*hash, password);
}

bool PasswordHasher::needs_rehash(std::string_view stored_hash) const noexcept {
  const auto hash = to_c_string(stored_hash);
  // 0: current; 1: another cost or argon2i; -1: not a hash libsodium can read.
  return !hash || crypto_pwhash_str_needs_rehash(hash->data(), cost_.opslimit, cost_.memlimit) != 0;
}

void PasswordHasher::dummy_verify(std::string_view password) const noexcept {
  try {
    prepare_dummy();
    const auto hash = to_c_string(dummy_hash_);
    if (hash) static_cast<void>(verify_c_string(*hash, password));
  } catch (const std::exception&) {
    // No memory for the reference hash: a real verification would fail at once too.
  }
}

}  // namespace authorworks::auth
