#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

#include "auth/password_hasher.hpp"

using authorworks::auth::PasswordHashCost;
using authorworks::auth::PasswordHasher;

namespace {

// Fast enough for unit tests; the production cost is PasswordHashCost::interactive().
PasswordHasher fast_hasher() { return PasswordHasher(PasswordHashCost::minimum()); }

}  // namespace

TEST(PasswordHasher, CostPresetsAreLibsodiums) {
  EXPECT_EQ(PasswordHashCost::interactive().opslimit, crypto_pwhash_OPSLIMIT_INTERACTIVE);
  EXPECT_EQ(PasswordHashCost::interactive().memlimit, crypto_pwhash_MEMLIMIT_INTERACTIVE);
  EXPECT_EQ(PasswordHashCost::minimum().opslimit, crypto_pwhash_OPSLIMIT_MIN);
  EXPECT_EQ(PasswordHashCost::minimum().memlimit, crypto_pwhash_MEMLIMIT_MIN);
}

TEST(PasswordHasher, VerifiesTheRightPasswordOnly) {
  const auto hasher = fast_hasher();
  const auto hash = hasher.hash("correct horse battery staple");
  EXPECT_TRUE(hasher.verify(hash, "correct horse battery staple"));
  EXPECT_FALSE(hasher.verify(hash, "correct horse battery stapl"));
  EXPECT_FALSE(hasher.verify(hash, "Correct horse battery staple"));
  EXPECT_FALSE(hasher.verify(hash, ""));
}

TEST(PasswordHasher, HashesAreArgon2idAndSalted) {
  const auto hasher = fast_hasher();
  const auto a = hasher.hash("same password here");
  const auto b = hasher.hash("same password here");
  EXPECT_TRUE(a.starts_with("$argon2id$v=19$")) << a;
  EXPECT_NE(a, b);
  EXPECT_TRUE(hasher.verify(a, "same password here"));
  EXPECT_TRUE(hasher.verify(b, "same password here"));
}

TEST(PasswordHasher, EveryByteOfThePasswordCounts) {
  const auto hasher = fast_hasher();
  const std::string with_nul("abc\0def", 7);
  const auto hash = hasher.hash(with_nul);
  EXPECT_TRUE(hasher.verify(hash, with_nul));
  EXPECT_FALSE(hasher.verify(hash, "abc"));
  const auto unicode = hasher.hash("pässwörd-日本語");
  EXPECT_TRUE(hasher.verify(unicode, "pässwörd-日本語"));
  EXPECT_FALSE(hasher.verify(unicode, "passwörd-日本語"));
}

TEST(PasswordHasher, MalformedStoredHashesNeverVerify) {
  const auto hasher = fast_hasher();
  const auto hash = hasher.hash("a good password");
  EXPECT_FALSE(hasher.verify("", "a good password"));
  EXPECT_FALSE(hasher.verify("not a hash", "a good password"));
  EXPECT_FALSE(hasher.verify(hash.substr(0, hash.size() - 5), "a good password"));
  EXPECT_FALSE(hasher.verify(hash + std::string(1, '\0'), "a good password"));
  EXPECT_FALSE(hasher.verify(std::string(4096, '$'), "a good password"));
}

TEST(PasswordHasher, VerifiesHashesMadeAtAnotherCost) {
  const PasswordHasher cheap(PasswordHashCost::minimum());
  const PasswordHasher dearer({crypto_pwhash_OPSLIMIT_MIN + 1, crypto_pwhash_MEMLIMIT_MIN * 2});
  const auto hash = cheap.hash("password of old");
  EXPECT_TRUE(dearer.verify(hash, "password of old"));
  EXPECT_FALSE(dearer.verify(hash, "password of new"));
}

TEST(PasswordHasher, NeedsRehashWhenTheCostOrAlgorithmDiffers) {
  const PasswordHasher cheap(PasswordHashCost::minimum());
  const PasswordHasher dearer({crypto_pwhash_OPSLIMIT_MIN + 1, crypto_pwhash_MEMLIMIT_MIN});
  const auto cheap_hash = cheap.hash("some password");
  EXPECT_FALSE(cheap.needs_rehash(cheap_hash));
  EXPECT_TRUE(dearer.needs_rehash(cheap_hash));
  EXPECT_FALSE(dearer.needs_rehash(dearer.hash("some password")));
  EXPECT_TRUE(cheap.needs_rehash("garbage"));
  EXPECT_TRUE(cheap.needs_rehash(""));

  char argon2i[crypto_pwhash_argon2i_STRBYTES];
  ASSERT_EQ(crypto_pwhash_argon2i_str(argon2i, "x", 1, crypto_pwhash_argon2i_OPSLIMIT_MIN,
                                      crypto_pwhash_argon2i_MEMLIMIT_MIN),
            0);
  EXPECT_TRUE(cheap.needs_rehash(argon2i));
  EXPECT_TRUE(cheap.verify(argon2i, "x"));  // still readable, so the person can sign in and be upgraded
}

TEST(PasswordHasher, RefusesCostsOutsideLibsodiumsBounds) {
  EXPECT_THROW(PasswordHasher({0, crypto_pwhash_MEMLIMIT_MIN}), std::invalid_argument);
  EXPECT_THROW(PasswordHasher({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN - 1}), std::invalid_argument);
}

TEST(PasswordHasher, DummyVerifyCostsAsMuchAsARealVerification) {
  // A cost high enough to measure (a few milliseconds) and low enough for a unit test.
  const PasswordHasher hasher({2, 8u * 1024 * 1024});
  const auto hash = hasher.hash("the real password");
  using Clock = std::chrono::steady_clock;
  const auto timed = [](auto&& work) {
    const auto start = Clock::now();
    work();
    return Clock::now() - start;
  };
  // Taken in turns, so that a busy machine slows both alike, and the fastest of each kept: the
  // question is whether the work is alike (a dummy that skipped Argon2id, or used a cheaper cost,
  // would be many times faster), not how long either takes.
  auto real = Clock::duration::max();
  auto dummy = Clock::duration::max();
  for (int i = 0; i < 9; ++i) {
    real = std::min(real, timed([&] { EXPECT_FALSE(hasher.verify(hash, "a wrong password")); }));
    dummy = std::min(dummy, timed([&] { hasher.dummy_verify("a wrong password"); }));
  }
  const double ratio = std::chrono::duration<double>(dummy) / std::chrono::duration<double>(real);
  EXPECT_GT(ratio, 0.4) << "real " << real.count() << " ns, dummy " << dummy.count() << " ns";
  EXPECT_LT(ratio, 2.5) << "real " << real.count() << " ns, dummy " << dummy.count() << " ns";
}

TEST(PasswordHasher, ConstructionHashesNothingAndTheReferenceIsMadeOnce) {
  // At a cost where one hash takes long enough to tell apart from no hash at all.
  const PasswordHashCost cost{2, 32u * 1024 * 1024};
  using Clock = std::chrono::steady_clock;
  const auto built_at = Clock::now();
  const PasswordHasher hasher(cost);
  const auto construction = Clock::now() - built_at;
  const auto hashed_at = Clock::now();
  const auto hash = hasher.hash("a password");
  const auto one_hash = Clock::now() - hashed_at;
  EXPECT_LT(construction * 10, one_hash);

  // The first preparation pays for the reference hash, later ones nothing; dummy_verify then
  // costs one verification, as the test above checks.
  const auto first_at = Clock::now();
  hasher.prepare_dummy();
  const auto first = Clock::now() - first_at;
  const auto again_at = Clock::now();
  hasher.prepare_dummy();
  const auto again = Clock::now() - again_at;
  EXPECT_GT(first * 2, one_hash);
  EXPECT_LT(again * 10, one_hash);
  EXPECT_TRUE(hasher.verify(hash, "a password"));
}
