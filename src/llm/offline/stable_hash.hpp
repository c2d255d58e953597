#pragma once
// A hash that is the same on every machine and every run (std::hash promises neither), so that the
// offline writer's seeds, and with them its books, never change between builds.
#include <cstdint>
#include <string_view>

namespace authorworks::llm::offline {

// FNV-1a over the bytes, then mixed into `basis` so that fields hashed in sequence do not collide
// when their boundaries shift ("ab","c" vs "a","bc").
constexpr std::uint64_t stable_hash(std::string_view text, std::uint64_t basis = 0xcbf29ce484222325ULL) noexcept {
  std::uint64_t hash = basis;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  hash ^= text.size();
  hash *= 0x100000001b3ULL;
  return hash;
}

// Combines a hash with a number (a stage, a chapter) through SplitMix64's finaliser.
constexpr std::uint64_t mix_hash(std::uint64_t hash, std::uint64_t value) noexcept {
  std::uint64_t z = hash + 0x9e3779b97f4a7c15ULL * (value + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace authorworks::llm::offline
