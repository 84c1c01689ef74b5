// Private to fahras_analysis: the Analyzer's memo of stems and stop flags.
//
// Stemming and the stop-word test are pure functions of the normalised word,
// and news text is Zipfian, so a small cache answers most tokens with one
// hash and a few compares instead of the stemmer's rules and lexicon probes.
//
// It is exact. A word of at most kMaxLetters Arabic letters (U+0621-065F,
// 98% of SaudiNewsNet's tokens) is packed losslessly into 64 bits, six per
// letter (code point - U+0620, never 0, so the length is implied); that key
// is compared whole. Other words bypass the memo.
//
// The table is compact on purpose: on the shared VM we measured, a random
// read beyond L2 costs up to ~100 ns, so 8-byte keys and 4-byte answers keep
// 256K words in 4 MiB. Layout: 4-way set-associative, one 64-byte cache
// line per set, second-chance (CLOCK) replacement. Allocated once (calloc:
// untouched pages cost nothing), fixed size. The Analyzer prefetches a
// token's set as soon as its key is known and answers it a few tokens later
// (see `pending`), so hits rarely wait for memory; what remains expensive is
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
#include <new>
#include <string_view>

namespace fahras::detail {

class StemMemo {
 public:
  // Tokens the Analyzer holds back while their sets are prefetched: each
  // token is answered kLag tokens after the tokeniser found it, which gives
  // the memory system the time of kLag tokens (~100 ns) to bring its set.
  // Norms are copied here because the tokeniser reuses its buffer.
  static constexpr unsigned kLag = 8;  // a power of two
  struct Pending {
    std::uint64_t key;
    std::uint32_t size, begin, end, position;
    std::uint8_t script;
    alignas(16) char norm[256];  // >= the tokeniser's buffer (checked in analyzer.cc)
  };
  Pending pending[kLag];

  static constexpr std::size_t kMaxLetters = 10;  // 60 bits
  static constexpr unsigned kSetsLog2 = 16;       // 64K sets of 4 words: 4 MiB
  static constexpr std::size_t kSets = std::size_t{1} << kSetsLog2;
  static constexpr std::size_t kWays = 4;

  struct Answer {
    std::string_view stem;
    bool stopword;
  };

  StemMemo() {
    raw_ = std::calloc(kSets + 1, sizeof(Set));
    if (raw_ == nullptr) throw std::bad_alloc();
    const auto a = (reinterpret_cast<std::uintptr_t>(raw_) + 63u) & ~std::uintptr_t{63};
    sets_ = reinterpret_cast<Set*>(a);
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
      bad |= static_cast<unsigned>(lead > 1u) | static_cast<unsigned>(trail > 63u) |
             static_cast<unsigned>(c - 1u > 62u);
      key = (key << 6) | (c & 63u);
    }
    return bad != 0 ? 0 : key;
  }

  // `key` is pack(word), non-zero. `compute(word)` gives the Answer on a
  // miss; its stem must lie inside `word` or in static storage.
  template <class Compute>
  Answer get(std::uint64_t key, std::string_view word, Compute&& compute) {
    Set& set = sets_[set_of(key)];
    // Which way holds a word is a coin toss, so it is found without a
    // branch; only hit-or-miss (mostly hit) is one.
    const unsigned hits = static_cast<unsigned>(set.key[0] == key) | static_cast<unsigned>(set.key[1] == key) << 1 |
                          static_cast<unsigned>(set.key[2] == key) << 2 |
                          static_cast<unsigned>(set.key[3] == key) << 3;
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
    const unsigned way = static_cast<unsigned>(__builtin_ctz(hits));
    set.next = static_cast<std::uint8_t>(set.next | 16u << way);
    const std::uint32_t v = set.val[way];
    const char* base = word.data() + ((v >> kOffShift) & 0x1Fu);
    if (v & kStaticStem) base = statics_[v >> kStaticShift];
    return {std::string_view(base, (v >> kLenShift) & 0xFFu), (v & kStopword) != 0};
  }

  // Starts loading the set `key` will read, so that the lookup a few tokens
  // later finds it in cache instead of waiting ~50 ns for L3 or memory.
  void prefetch(std::uint64_t key) const noexcept { __builtin_prefetch(&sets_[set_of(key)]); }

  // Only speed depends on this; a collision is caught by the full compare.
  static std::size_t set_of(std::uint64_t key) noexcept {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - kSetsLog2));
  }

 private:
  struct alignas(64) Set {
    std::uint64_t key[kWays];  // 0: empty (a packed word is never 0)
    std::uint32_t val[kWays];
    std::uint8_t next;         // bits 0-1: the clock hand; 4-7: ways hit since it passed
  };
  static_assert(sizeof(Set) == 64, "one set per cache line");

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
    if (d <= word.size() && d + a.stem.size() <= word.size()) return v | static_cast<std::uint32_t>(d) << kOffShift | 0x80u;
    std::uint32_t i = 0;
    while (i < n_statics_ && statics_[i] != a.stem.data()) ++i;
    if (i == n_statics_) {
      if (n_statics_ == kMaxStatics) return 0;
      statics_[n_statics_++] = a.stem.data();
    }
    return v | kStaticStem | i << kStaticShift | 0x80u;
  }

  void* raw_ = nullptr;
  Set* sets_ = nullptr;
  std::uint32_t n_statics_ = 0;
  const char* statics_[kMaxStatics] = {};
};

}  // namespace fahras::detail
