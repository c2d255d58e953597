#pragma once
// xoshiro256** seeded through SplitMix64: small, fast and fully specified, so the same seed gives
// the same sequence everywhere (the standard library's distributions are implementation-defined).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace authorworks::llm::offline {

class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) noexcept {
    for (auto& word : state_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }

  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // In [0, bound); the modulo bias (below 2^-50 for word banks) is irrelevant for word choice.
  std::size_t below(std::size_t bound) noexcept {
    if (bound == 0) return 0;
    return static_cast<std::size_t>(next() % bound);
  }

  // Uniform in [low, high].
  int between(int low, int high) noexcept {
    if (high <= low) return low;
    return low + static_cast<int>(below(static_cast<std::size_t>(high - low) + 1));
  }

  bool chance(double probability) noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53 < probability; }

  template <typename T>
  const T& pick(std::span<const T> items) noexcept {
    return items[below(items.size())];
  }
  template <typename T>
  const T& pick(const std::vector<T>& items) noexcept {
    return items[below(items.size())];
  }

  template <typename T>
  void shuffle(std::vector<T>& items) noexcept {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> state_{};
};

}  // namespace authorworks::llm::offline
