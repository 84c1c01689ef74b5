// Private to fahras_analysis: the Analyzer's memo of stems and stop flags.
//
// Stemming and the stop-word test are pure functions of the normalised word,
// and news text is Zipfian, so a small cache answers most tokens with one
// hash and one compare instead of the stemmer's rules and lexicon probes.
// It is exact: a slot holds the whole word (zero-padded, plus its length)
// and answers only when all of it matches; words longer than kKeyBytes
// bypass it. Memory is fixed and allocated once: 64 bytes per set plus one
// pointer per slot for stems that come from the stemmer's static tables.
//
// Layout: 2-way set-associative, one 64-byte cache line per set, with a
// per-set bit naming the most recently used way; a miss replaces the other.
//
// Ownership: owned by one Analyzer. Thread safety: none (one per thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>

namespace fahras::detail {

// Lane i of a memo key holds bytes [8i, 8i + 8) of the word, those below n
// (in memory order, whatever the byte order); the rest are zero.
constexpr std::uint64_t memo_lane_mask(std::size_t n, std::size_t i) noexcept {
  const std::size_t have = n > 8 * i ? n - 8 * i : 0;
  if (have >= 8) return ~std::uint64_t{0};
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return ~(~std::uint64_t{0} >> (8 * have));
#else
  return (std::uint64_t{1} << (8 * have)) - 1;
#endif
}

inline constexpr std::size_t kMemoKeyBytes = 24;
struct MemoMasks {
  std::uint64_t m[kMemoKeyBytes + 1][3];
};
inline constexpr MemoMasks kMemoMasks = [] {
  MemoMasks t{};
  for (std::size_t n = 0; n <= kMemoKeyBytes; ++n)
    for (std::size_t i = 0; i < 3; ++i) t.m[n][i] = memo_lane_mask(n, i);
  return t;
}();

class StemMemo {
 public:
  // 24 bytes hold 12 Arabic letters: 99.98% of SaudiNewsNet's tokens.
  static constexpr std::size_t kKeyBytes = kMemoKeyBytes;
#ifndef FAHRAS_MEMO_WAYS
#define FAHRAS_MEMO_WAYS 2
#endif
#ifndef FAHRAS_MEMO_LOG2
#define FAHRAS_MEMO_LOG2 15
#endif
  static constexpr unsigned kSetsLog2 = FAHRAS_MEMO_LOG2;  // 32K sets of 2 words: 2 MiB
  static constexpr std::size_t kSets = std::size_t{1} << kSetsLog2;

  // The word as three zero-padded 64-bit lanes and its length.
  struct Key {
    std::uint64_t k[3];
    std::uint64_t len;
  };

  struct Answer {
    std::string_view stem;
    bool stopword;
  };

  StemMemo() {
    // calloc: zero pages that are never touched cost nothing.
    raw_ = std::calloc(kSets + 1, sizeof(Set));
    if (raw_ == nullptr) throw std::bad_alloc();
    const auto a = (reinterpret_cast<std::uintptr_t>(raw_) + 63u) & ~std::uintptr_t{63};
    sets_ = reinterpret_cast<Set*>(a);
  }
  ~StemMemo() { std::free(raw_); }
  StemMemo(const StemMemo&) = delete;
  StemMemo& operator=(const StemMemo&) = delete;

  // `word` must be at most kKeyBytes long and readable for kKeyBytes bytes
  // (the tokeniser's buffer is); bytes past word.size() are ignored.
  // `compute(word)` gives the Answer on a miss; it must return a stem that
  // lies inside `word` or in static storage.
  template <class Compute>
  Answer get(std::string_view word, Compute&& compute) {
    const Key key = make_key(word.data(), word.size());
    Set& set = sets_[set_of(key)];
    // Which way holds a word is a coin toss, so it is picked without a
    // branch; only hit-or-miss (mostly hit) is a branch.
    const bool in0 = matches(set.way[0], key);
    const bool in1 = matches(set.way[1], key);
    if (__builtin_expect(!(in0 | in1), 0)) {
      // FIFO within the set: the older word moves to way 1.
      const Answer a = compute(word);
      set.way[1] = set.way[0];
      fill(set.way[0], key, word, a);
      return a;
    }
    const Slot* s = &set.way[in0 ? 0 : 1];
    const char* base = word.data() + s->stem_off;
    if (s->flags & kStaticStem) base = statics_[s->static_index];
    return {std::string_view(base, s->stem_len), (s->flags & kStopword) != 0};
  }

  void prefetch(const char* p, std::size_t n) const noexcept {
    __builtin_prefetch(&sets_[set_of(make_key(p, n))]);
  }

  static Key make_key(const char* p, std::size_t n) noexcept {
    Key key;
    key.len = n;
    const std::uint64_t* m = kMemoMasks.m[n];
    for (std::size_t i = 0; i < 3; ++i) {
      std::uint64_t v;
      std::memcpy(&v, p + 8 * i, 8);
      key.k[i] = v & m[i];
    }
    return key;
  }

  // Only speed depends on this; a collision is caught by the full compare.
  static std::size_t set_of(const Key& key) noexcept {
    std::uint64_t h = key.k[0] * 0x9E3779B97F4A7C15ull;
    h ^= (key.k[1] + key.len) * 0xC2B2AE3D27D4EB4Full;
    h ^= key.k[2] * 0x165667B19E3779F9ull;
    h ^= h >> 29;
    h *= 0xD6E8FEB86659FD93ull;
    return static_cast<std::size_t>(h >> (64 - kSetsLog2));
  }

 private:
  struct Slot {
    std::uint64_t k[3];
    std::uint8_t len;       // word bytes; 0 marks an empty slot (tokens are never empty)
    std::uint8_t stem_off;  // the stem is word[stem_off, +stem_len), or with
    std::uint8_t stem_len;  // kStaticStem the static string statics_[static_index]
    std::uint8_t flags;
    std::uint32_t static_index;
  };
  static_assert(sizeof(Slot) == 32, "two slots per cache line");
  struct alignas(64) Set {
    Slot way[2];
  };
  static_assert(sizeof(Set) == 64, "one set per cache line");
  static constexpr std::uint8_t kStopword = 1, kStaticStem = 2;
  // The stemmer's whole-word tables give a few hundred distinct stems that
  // are not part of the word; a word whose static stem does not fit here is
  // simply not memoised.
  static constexpr std::size_t kMaxStatics = 1024;

  static bool matches(const Slot& s, const Key& key) noexcept {
    return ((s.k[0] ^ key.k[0]) | (s.k[1] ^ key.k[1]) | (s.k[2] ^ key.k[2]) | (s.len ^ key.len)) == 0;
  }

  void fill(Slot& s, const Key& key, std::string_view word, const Answer& a) noexcept {
    auto flags = static_cast<std::uint8_t>(a.stopword ? kStopword : 0);
    std::uint32_t static_index = 0;
    const auto d = reinterpret_cast<std::uintptr_t>(a.stem.data()) - reinterpret_cast<std::uintptr_t>(word.data());
    const bool inside = d <= word.size() && d + a.stem.size() <= word.size();
    if (!inside) {
      while (static_index < n_statics_ && statics_[static_index] != a.stem.data()) ++static_index;
      if (static_index == n_statics_) {
        if (n_statics_ == kMaxStatics) {
          s.len = 0;  // leave the slot empty
          return;
        }
        statics_[n_statics_++] = a.stem.data();
      }
      flags |= kStaticStem;
    }
    s.k[0] = key.k[0];
    s.k[1] = key.k[1];
    s.k[2] = key.k[2];
    s.len = static_cast<std::uint8_t>(key.len);
    s.stem_off = static_cast<std::uint8_t>(inside ? d : 0);
    s.stem_len = static_cast<std::uint8_t>(a.stem.size());
    s.flags = flags;
    s.static_index = static_index;
  }

  void* raw_ = nullptr;
  Set* sets_ = nullptr;
  std::uint32_t n_statics_ = 0;
  const char* statics_[kMaxStatics] = {};
};

}  // namespace fahras::detail
