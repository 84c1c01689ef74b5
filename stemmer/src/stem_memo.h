// Private to fahras_analysis: the Analyzer's memo of stems and stop flags.
//
// Stemming and the stop-word test are pure functions of the normalised word,
// and news text is Zipfian, so a small cache answers most tokens with one
// hash and a few compares instead of the stemmer's rules and lexicon probes.
//
// It is exact. A word of at most kMaxLetters Arabic letters (U+0621-065F,
// 98% of SaudiNewsNet's tokens) is packed losslessly into 64 bits, six per
// letter (code point - U+0620, never 0, so the length is implied); that key
// is compared whole. Other words of up to kLongBytes go to a small second
// table that keeps the whole norm (get_long()); longer ones, and numbers,
// bypass the memo.
//
// The table is compact on purpose: on the shared VM we measured, a random
// read beyond L2 costs up to ~100 ns, so 8-byte keys and 4-byte answers keep
// 256K words in 4 MiB. Layout: 4-way set-associative, one 64-byte cache
// line per set, second-chance (CLOCK) replacement. Allocated once (calloc:
// untouched pages cost nothing), fixed size. The Analyzer prefetches a
// token's set as soon as its key is known and answers it with its batch of
// kLag tokens (see `batch`), so hits rarely wait for memory; what remains expensive is
// a miss (the stemmer's lexicon probes are cache misses too: ~0.8 us a word
// inside the analyzer, measured 2026-11-22). Misses, one pass over all of
// SaudiNewsNet (8.66M packable tokens; compulsory misses ~3.2%):
//   2 MiB FIFO 5.54%, 2 MiB CLOCK 4.64%, 4 MiB CLOCK 3.24%.
//
// Ownership: owned by one Analyzer. Thread safety: none (one per thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "fahras/analyzer.h"

namespace fahras::detail {

class StemMemo {
 public:
  // Tokens the Analyzer holds back while their sets are prefetched: the
  // tokeniser writes each norm straight into `arena` and the token into
  // `batch`; every kLag tokens (and at the end of a text) the batch is
  // answered and delivered in order. By then most sets have arrived, and
  // the lookups of a batch do not depend on each other, so those still on
  // their way overlap instead of each waiting ~50-100 ns in turn.
  static constexpr unsigned kLag = 64;
  AnalyzedToken batch[kLag];
  std::uint64_t batch_key[kLag];
  std::uint32_t batch_set[kLag];
  // Room for kLag - 1 of the longest tokens and the tokeniser's buffer
  // after them (checked in analyzer.cc), so only the count ends a batch.
  alignas(64) char arena[kLag * 128 + 256];

  static constexpr std::size_t kMaxLetters = 10;  // 60 bits
  static constexpr unsigned kSetsLog2 = 16;       // 64K sets of 4 words: 4 MiB
  static constexpr std::size_t kSets = std::size_t{1} << kSetsLog2;
  static constexpr std::size_t kWays = 4;

  struct Answer {
    std::string_view stem;
    bool stopword;
  };

  StemMemo() {
    raw_ = std::calloc(kSets + kLongSlots + 1, sizeof(Set));
    if (raw_ == nullptr) throw std::bad_alloc();
    const auto a = (reinterpret_cast<std::uintptr_t>(raw_) + 63u) & ~std::uintptr_t{63};
    sets_ = reinterpret_cast<Set*>(a);
    long_ = reinterpret_cast<Long*>(sets_ + kSets);
  }
  ~StemMemo() { std::free(raw_); }
  StemMemo(const StemMemo&) = delete;
  StemMemo& operator=(const StemMemo&) = delete;

  // The word's key, or 0 when it cannot be packed (then it bypasses the
  // memo). Branch-free per letter: the loop's only branch is its end.
  static std::uint64_t pack(std::string_view word) noexcept {
    const std::size_t n = word.size();
    if (n > 2 * kMaxLetters || (n & 1u) != 0) return 0;
    const auto* p = reinterpret_cast<const unsigned char*>(word.data());
    std::uint64_t key = 0;
    unsigned bad = 0;
    for (std::size_t i = 0; i < n; i += 2) {
      const unsigned lead = p[i] - 0xD8u;       // 0 or 1 for U+0600-067F
      const unsigned trail = p[i + 1] - 0x80u;  // 0-63
      const unsigned c = ((lead << 6) | trail) - 0x20u;
      bad |=
          static_cast<unsigned>(lead > 1u) | static_cast<unsigned>(trail > 63u) | static_cast<unsigned>(c - 1u > 62u);
      key = (key << 6) | (c & 63u);
    }
    return bad != 0 ? 0 : key;
  }

  // `key` is pack(word), non-zero. `compute(word)` gives the Answer on a
  // miss; its stem must lie inside `word` or in static storage.
  template <class Compute>
  Answer get(std::uint64_t key, std::string_view word, Compute&& compute) {
    return get_in(set_of(key), key, word, compute);
  }

  // The same, with the set already known (set_of(key), as prefetch() gives).
  template <class Compute>
  Answer get_in(std::size_t set_index, std::uint64_t key, std::string_view word, Compute&& compute) {
    Set& set = sets_[set_index];
    // Which way holds a word is a coin toss, so it is found without a
    // branch; only hit-or-miss (mostly hit) is one. Way w is bit 2w.
#if defined(__SSE2__)
    const __m128i k = _mm_set1_epi64x(static_cast<long long>(key));
    const __m128i lo = _mm_cmpeq_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(&set.key[0])), k);
    const __m128i hi = _mm_cmpeq_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(&set.key[2])), k);
    const auto halves = static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(lo))) |
                        static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(hi))) << 4;
    const unsigned hits = halves & (halves >> 1) & 0x55u;  // both 32-bit halves of a key equal
#else
    const unsigned hits = static_cast<unsigned>(set.key[0] == key) | static_cast<unsigned>(set.key[1] == key) << 2 |
                          static_cast<unsigned>(set.key[2] == key) << 4 | static_cast<unsigned>(set.key[3] == key) << 6;
#endif
    if (__builtin_expect(hits == 0, 0)) {
      const Answer a = compute(word);
      // Second chance (CLOCK): the hand skips, and clears, ways that were
      // hit since it last passed, so frequent words outlive a burst of rare
      // ones in the same set (plain FIFO evicted them too).
      unsigned hand = set.next & (kWays - 1u), used = set.next >> 4;
      while ((used >> hand) & 1u) {
        used &= ~(1u << hand);
        hand = (hand + 1) & (kWays - 1u);
      }
      const unsigned way = hand;
      set.next = static_cast<std::uint8_t>(used << 4 | ((way + 1) & (kWays - 1)));
      const std::uint32_t v = encode(word, a);
      set.key[way] = v != 0 ? key : 0;
      set.val[way] = v;
      return a;
    }
    const unsigned way = static_cast<unsigned>(__builtin_ctz(hits)) >> 1;
    set.next = static_cast<std::uint8_t>(set.next | 16u << way);
    const std::uint32_t v = set.val[way];
    const char* base = word.data() + ((v >> kOffShift) & 0x1Fu);
    if (v & kStaticStem) base = statics_[v >> kStaticShift];
    return {std::string_view(base, (v >> kLenShift) & 0xFFu), (v & kStopword) != 0};
  }

  // Words that pack() cannot key (longer than kMaxLetters letters, letters
  // outside its alphabet, Latin words; 0.5% of SaudiNewsNet's tokens, but
  // two thirds of what a warm memo still sent to the stemmer): a small
  // direct-mapped table that keeps the whole norm (up to kLongBytes) and
  // compares it in full, so it is exact too. `compute` as for get().
  static constexpr std::size_t kLongBytes = 52;
  static constexpr std::size_t kLongSlots = 4096;  // 256 KiB
  template <class Compute>
  __attribute__((noinline)) Answer get_long(std::string_view word, Compute&& compute) {
    const std::size_t n = word.size();
    if (n > kLongBytes) return compute(word);
    Long& e = long_[long_slot(word)];
    if (e.len == n && std::memcmp(e.norm, word.data(), n) == 0) {
      const char* base = e.is_static ? statics_[e.stem_ref] : word.data() + e.stem_ref;
      return {std::string_view(base, e.stem_len), e.stopword != 0};
    }
    const Answer a = compute(word);
    e.len = 0;  // empty unless the answer can be kept
    if (a.stem.size() > 0xFFu) return a;
    const auto d = reinterpret_cast<std::uintptr_t>(a.stem.data()) - reinterpret_cast<std::uintptr_t>(word.data());
    if (d <= n && d + a.stem.size() <= n) {
      e.is_static = 0;
      e.stem_ref = static_cast<std::uint16_t>(d);
    } else {
      const std::uint32_t i = static_index(a.stem.data());
      if (i == kMaxStatics) return a;
      e.is_static = 1;
      e.stem_ref = static_cast<std::uint16_t>(i);
    }
    e.stem_len = static_cast<std::uint8_t>(a.stem.size());
    e.stopword = a.stopword ? 1 : 0;
    std::memcpy(e.norm, word.data(), n);
    e.len = static_cast<std::uint8_t>(n);
    return a;
  }

  // Only speed depends on this: the full compare decides.
  static std::size_t long_slot(std::string_view word) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
    for (const char c : word) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    return static_cast<std::size_t>(h >> 32) & (kLongSlots - 1);
  }

  // Starts loading the set `key` will read, so that the lookup a few tokens
  // later finds it in cache instead of waiting ~50 ns for L3 or memory.
  // Returns set_of(key), for get_in().
  std::size_t prefetch(std::uint64_t key) const noexcept {
    const std::size_t i = set_of(key);
    __builtin_prefetch(&sets_[i]);
    return i;
  }

  // Only speed depends on this; a collision is caught by the full compare.
  static std::size_t set_of(std::uint64_t key) noexcept {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - kSetsLog2));
  }

 private:
  struct alignas(64) Set {
    std::uint64_t key[kWays];  // 0: empty (a packed word is never 0)
    std::uint32_t val[kWays];
    std::uint8_t next;  // bits 0-1: the clock hand; 4-7: ways hit since it passed
  };
  static_assert(sizeof(Set) == 64, "one set per cache line");
  struct alignas(64) Long {
    std::uint8_t len;  // 0: empty (a norm is never empty)
    std::uint8_t stem_len;
    std::uint8_t is_static;  // stem_ref: an index into statics_, else an offset in the word
    std::uint8_t stopword;
    std::uint16_t stem_ref;
    char norm[kLongBytes];
  };
  static_assert(sizeof(Long) == sizeof(Set), "long entries share the sets' allocation");

  // An answer in 32 bits: stop flag; stem as (offset, length) in the word,
  // or as an index into statics_ when the stem comes from a static table.
  static constexpr std::uint32_t kStopword = 1, kStaticStem = 2;
  static constexpr unsigned kOffShift = 2, kLenShift = 8, kStaticShift = 16;
  // The stemmer's whole-word tables give a few hundred distinct stems that
  // are not part of the word; a word whose static stem does not fit here is
  // simply not memoised.
  static constexpr std::size_t kMaxStatics = 1024;

  // The answer's encoding; 0 (not memoised) when it has no room.
  std::uint32_t encode(std::string_view word, const Answer& a) noexcept {
    std::uint32_t v = (a.stopword ? kStopword : 0) | static_cast<std::uint32_t>(a.stem.size()) << kLenShift;
    const auto d = reinterpret_cast<std::uintptr_t>(a.stem.data()) - reinterpret_cast<std::uintptr_t>(word.data());
    if (d <= word.size() && d + a.stem.size() <= word.size())
      return v | static_cast<std::uint32_t>(d) << kOffShift | 0x80u;
    const std::uint32_t i = static_index(a.stem.data());
    if (i == kMaxStatics) return 0;
    return v | kStaticStem | i << kStaticShift | 0x80u;
  }

  // The index of a static stem in statics_ (added if new), or kMaxStatics
  // when the table is full.
  std::uint32_t static_index(const char* stem) noexcept {
    std::uint32_t i = 0;
    while (i < n_statics_ && statics_[i] != stem) ++i;
    if (i == n_statics_) {
      if (n_statics_ == kMaxStatics) return kMaxStatics;
      statics_[n_statics_++] = stem;
    }
    return i;
  }

  void* raw_ = nullptr;
  Set* sets_ = nullptr;
  Long* long_ = nullptr;
  std::uint32_t n_statics_ = 0;
  const char* statics_[kMaxStatics] = {};
};

}  // namespace fahras::detail
