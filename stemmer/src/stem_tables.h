// Compile-time hash sets and maps over short UTF-8 keys, shared by the
// stemmer's word tables and the stop-word list. Private to fahras_analysis.
//
// The tables are built by constexpr code from sorted-or-not arrays of
// string_views, so lookups are one hash of the word plus at most a couple of
// probes, with no allocation and no static initialisation order issues.
// Thread safety: immutable static data.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fahras::stem_detail {

// FNV-1a over bytes: cheap, and good enough for a few hundred short keys.
constexpr std::uint32_t hash_bytes(std::string_view s) noexcept {
  std::uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

// The smallest power of two that keeps the load factor at or below one half.
constexpr std::size_t slots_for(std::size_t keys) {
  std::size_t n = 1;
  while (n < 2 * keys) n *= 2;
  return n;
}

// Open-addressing slot table of size Slots (a power of two, at least twice
// the key count). Each slot holds key index + 1, or 0 when empty.
template <std::size_t Slots, std::size_t N>
constexpr std::array<std::uint16_t, Slots> build_slots(const std::array<std::string_view, N>& keys) {
  static_assert((Slots & (Slots - 1)) == 0, "slot count must be a power of two");
  static_assert(Slots >= 2 * N, "keep the load factor at or below one half");
  std::array<std::uint16_t, Slots> slots{};
  for (std::size_t i = 0; i < N; ++i) {
    std::size_t at = hash_bytes(keys[i]) & (Slots - 1);
    while (slots[at] != 0) at = (at + 1) & (Slots - 1);
    slots[at] = static_cast<std::uint16_t>(i + 1);
  }
  return slots;
}

// Index of `word` in keys, or -1.
template <std::size_t Slots, std::size_t N>
constexpr int find_key(const std::array<std::uint16_t, Slots>& slots, const std::array<std::string_view, N>& keys,
                       std::string_view word) noexcept {
  std::size_t at = hash_bytes(word) & (Slots - 1);
  while (slots[at] != 0) {
    const std::size_t i = slots[at] - 1u;
    if (keys[i] == word) return static_cast<int>(i);
    at = (at + 1) & (Slots - 1);
  }
  return -1;
}

template <std::size_t N>
constexpr std::array<std::string_view, N> to_array(const std::string_view (&a)[N]) {
  std::array<std::string_view, N> r{};
  for (std::size_t i = 0; i < N; ++i) r[i] = a[i];
  return r;
}

// True when no key occurs twice (checked by static_assert at each table).
template <std::size_t N>
constexpr bool all_distinct(const std::array<std::string_view, N>& keys) {
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = i + 1; j < N; ++j)
      if (keys[i] == keys[j]) return false;
  return true;
}

template <std::size_t N>
constexpr std::size_t max_size(const std::array<std::string_view, N>& keys) {
  std::size_t m = 0;
  for (auto k : keys) m = k.size() > m ? k.size() : m;
  return m;
}

template <std::size_t N>
constexpr std::size_t min_size(const std::array<std::string_view, N>& keys) {
  std::size_t m = static_cast<std::size_t>(-1);
  for (auto k : keys) m = k.size() < m ? k.size() : m;
  return m;
}

}  // namespace fahras::stem_detail
