#pragma once
// Argon2id password hashing (libsodium crypto_pwhash_str). The stored form is the self-describing
// "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string, so the cost can change without a migration:
// needs_rehash() tells when a stored hash should be replaced after a successful sign-in.
//
// Every call that hashes or verifies is deliberately slow, blocking CPU and memory work (at the
// default cost about 64 MiB and tens of milliseconds per call): callers run it on the WorkerPool,
// never on an I/O thread, and bound how many run at once.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

namespace authorworks::auth {

struct PasswordHashCost {
  unsigned long long opslimit = 0;
  std::size_t memlimit = 0;

  // libsodium's INTERACTIVE limits: the production default.
  static PasswordHashCost interactive() noexcept;
  // libsodium's MODERATE limits: stronger, slower (about 256 MiB per hash).
  static PasswordHashCost moderate() noexcept;
  // The least libsodium accepts: for tests only, where speed matters and strength does not.
  static PasswordHashCost minimum() noexcept;

  friend bool operator==(const PasswordHashCost&, const PasswordHashCost&) = default;
};

class PasswordHasher {
 public:
  // Throws std::invalid_argument when `cost` is outside libsodium's bounds. Cheap: the reference
  // hash dummy_verify needs is computed by its first call, not here.
  explicit PasswordHasher(PasswordHashCost cost = PasswordHashCost::interactive());

  // A new salted hash of `password` at this hasher's cost. Throws Error(unavailable) when the
  // memory for it cannot be had.
  std::string hash(std::string_view password) const;

  // True when `password` matches `stored_hash`; false on a mismatch, a malformed or foreign hash, or
  // when the memory for the check cannot be had. Costs what the stored hash's parameters cost.
  bool verify(std::string_view stored_hash, std::string_view password) const noexcept;

  // True when `stored_hash` was made with another algorithm or cost than this hasher's (or cannot
  // be read): after a successful verify, store hash(password) in its place.
  bool needs_rehash(std::string_view stored_hash) const noexcept;

  // Does the work of a real verification at this hasher's cost and throws the answer away. Call it
  // when the account does not exist, so that "no such user" takes as long as "wrong password".
  // When the memory for the check cannot be had it returns at once, as verify() then does.
  void dummy_verify(std::string_view password) const noexcept;

  // Computes the reference hash dummy_verify checks against: the first call costs one hash, later
  // calls nothing (concurrent first calls compute it once). Sign-in calls it before it knows
  // whether the account exists, so that the first sign-in of a process costs the same extra hash
  // either way; dummy_verify calls it too. Throws Error(unavailable) when the memory is short.
  void prepare_dummy() const;

  const PasswordHashCost& cost() const noexcept { return cost_; }

 private:
  PasswordHashCost cost_;
  // Made on first use, not at construction: it costs a full hash (64 MiB and about 100 ms at the
  // default cost) that every start would pay, and most processes never see a sign-in.
  mutable std::once_flag dummy_made_;
  mutable std::string dummy_hash_;
};

}  // namespace authorworks::auth
