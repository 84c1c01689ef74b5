// The light stemmer's lexicon: the set of normalised words of Debian's
// hunspell-ar dictionary (nouns and verb forms), generated at build time by
// stem_lexicon_gen.py. The stemmer uses it only to decide ambiguous clitics:
// is the stem with the letter, or without it, a real word?
//
// Private to fahras_analysis. Thread safety: immutable static data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fahras::stem_detail {

inline constexpr unsigned kLexiconSlotsLog2 = 17;
extern const std::uint16_t kLexiconSlots[std::size_t{1} << kLexiconSlotsLog2];
// One bit per slot: set where the word in that slot is listed in the verb
// section (also when it is a noun entry too, such as عمل).
extern const std::uint64_t kLexiconVerbBits[(std::size_t{1} << kLexiconSlotsLog2) / 64];
extern const std::size_t kLexiconWords;

// FNV-1a, 64-bit; must match fnv1a64() in stem_lexicon_gen.py.
constexpr std::uint64_t kFnv64Offset = 0xCBF29CE484222325ull;
constexpr std::uint64_t fnv64_extend(std::uint64_t h, std::string_view s) noexcept {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;
  }
  return h;
}

enum class Lexical : std::uint8_t { kUnknown, kVerbForm, kNounEntry };

// The slot holding the word whose FNV-1a hash is `h`, or -1. A 15-bit
// fingerprint on top of the 17-bit slot: a word not in the lexicon is wrongly
// found about once in 10,000 lookups, which at worst keeps one clitic on one
// rare word. The 256 KiB table stays in cache, which keeps the stemmer fast.
inline std::ptrdiff_t lexicon_slot(std::uint64_t h) noexcept {
  constexpr std::size_t kMask = (std::size_t{1} << kLexiconSlotsLog2) - 1;
  const auto fp = static_cast<std::uint16_t>((h >> 49) | 1u);
  std::size_t at = static_cast<std::size_t>(h) & kMask;
  for (;;) {
    const std::uint16_t v = kLexiconSlots[at];
    if (v == 0) return -1;
    if ((v & 0x7FFFu) == fp) return static_cast<std::ptrdiff_t>(at);
    at = (at + 1) & kMask;
  }
}

// What the lexicon says about the word whose hash is `h` (a word in both
// sections is a noun entry).
inline Lexical lexicon_find(std::uint64_t h) noexcept {
  const std::ptrdiff_t at = lexicon_slot(h);
  if (at < 0) return Lexical::kUnknown;
  return (kLexiconSlots[at] & 0x8000u) != 0 ? Lexical::kNounEntry : Lexical::kVerbForm;
}

inline bool lexicon_has_hash(std::uint64_t h) noexcept { return lexicon_slot(h) >= 0; }

// Whether the word whose hash is `h` is listed in the verb section (a verb
// form), whatever else it is: lexicon_find() reports عمل, in both sections,
// as a noun entry.
inline bool lexicon_verb_hash(std::uint64_t h) noexcept {
  const std::ptrdiff_t at = lexicon_slot(h);
  return at >= 0 && ((kLexiconVerbBits[static_cast<std::size_t>(at) >> 6] >> (at & 63)) & 1u) != 0;
}

inline bool lexicon_has(std::string_view word) noexcept { return lexicon_has_hash(fnv64_extend(kFnv64Offset, word)); }

// Listed in the dictionary's noun section: a base form (singular noun,
// adjective or name), so its final letters are not inflection.
inline bool lexicon_noun_entry(std::string_view word) noexcept {
  return lexicon_find(fnv64_extend(kFnv64Offset, word)) == Lexical::kNounEntry;
}

}  // namespace fahras::stem_detail
