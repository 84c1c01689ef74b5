// Private to fahras_analysis: the per-code-point tables shared by the
// normaliser's and the tokeniser's fast paths, and the UTF-8 decoder they use.
//
// The mapping is context-free but for one code point: every code point maps to
// a fixed output string and a tokeniser class, so a table lookup per code
// point is exact. The exception is the dagger alef U+0670 (kDaggerAlef): its
// table entry is the letter ا, and it is removed instead when the nearest
// code point before it that the normaliser keeps is ى (dagger_after_maksura). Tables for
// U+0000-07FF (ASCII and all 2-byte UTF-8, including the Arabic block),
// U+2000-206F (general punctuation: curly quotes, bidi controls, ZWJ/ZWNJ) and
// U+FB50-FEFF (Arabic presentation forms) are built once, on first use; any
// other code point is computed with ICU when met (compute_slow()).
//
// Thread safety: tables() is initialised once (a function-local static) and
// read-only afterwards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace fahras::detail {

// What a code point is to the tokeniser. The normaliser ignores it.
enum CpClass : std::uint8_t {
  kSep = 0,          // separates words (space, punctuation, symbols, invalid)
  kWord = 1,         // letter or mark that is kept (possibly folded)
  kDigit = 2,        // a digit that maps to ASCII 0-9
  kTransparent = 3,  // removed by the normaliser and never splits a word
  kDot = 4,          // '.' or U+066B: joins two digits ("3.5"), else separates
  kExpand = 5,       // a ligature whose output is several words (U+FDFA)
};
inline constexpr std::uint8_t kClassMask = 0x0F;
// Script of a kWord letter, in the high nibble (marks have none).
inline constexpr std::uint8_t kScriptArabic = 0x10;
inline constexpr std::uint8_t kScriptLatin = 0x20;
inline constexpr std::uint8_t kScriptOther = 0x40;

// Output of up to 4 bytes is stored inline, so the hot path copies 4 bytes
// unconditionally and advances by len; longer outputs live in a pool.
struct CpEntry {
  std::uint8_t cls;
  std::uint8_t len;
  std::uint16_t pool;  // offset into Tables::pool when len > 4
  char inl[4];
};
static_assert(sizeof(CpEntry) == 8, "CpEntry is meant to be 8 bytes");

struct Tables {
  CpEntry two[0x800];             // U+0000-07FF
  CpEntry punct[0x70];            // U+2000-206F
  CpEntry pres[0xFF00 - 0xFB50];  // U+FB50-FEFF
  std::vector<char> pool;
  // The tokeniser's Arabic fast path: for a 2-byte sequence with lead byte
  // 0xD8-0xDB, indexed by ((lead - 0xD8) << 8) | trail, the 2-byte output of
  // an Arabic letter that stays a letter (kWord | kScriptArabic), in memory
  // order; 0 for anything else (ill-formed trail bytes included).
  std::uint16_t arabic_pair[4 * 256];
  // For the same index, the Analyzer's memo key digit of that output letter
  // (code point - U+0620, 1-63, for U+0621-065F) or kUnpackable; see
  // stem_memo.h, whose StemMemo::pack() gives the same keys.
  std::uint8_t arabic_code[4 * 256];
  static constexpr std::uint8_t kUnpackable = 0x80;

  const char* out(const CpEntry& e) const noexcept { return e.len <= 4 ? e.inl : pool.data() + e.pool; }
};

const Tables& tables();

// The longest output of a single code point outside the tables (a full case
// folding yields at most three code points).
inline constexpr std::size_t kMaxSlowOut = 16;

// For a code point outside the tables: its class and output (ICU calls).
// Writes at most kMaxSlowOut bytes to `out` and returns the length.
std::size_t compute_slow(char32_t cp, std::uint8_t& cls, char* out) noexcept;

// Looks up a code point that is in a table, or returns nullptr.
inline const CpEntry* lookup3(const Tables& t, char32_t cp) noexcept {
  if (cp - 0x2000u < 0x70u) return &t.punct[cp - 0x2000u];
  if (cp - 0xFB50u < 0xFF00u - 0xFB50u) return &t.pres[cp - 0xFB50u];
  return nullptr;
}

inline constexpr char32_t kInvalid = 0xFFFFFFFFu;

// The dagger alef (superscript alef, U+0670) writes a long ā: Uthmani text
// spells الكتاب, العالمين, الصابرين as ٱلْكِتَٰبُ, ٱلْعَٰلَمِينَ, ٱلصَّٰبِرِينَ, so it
// normalises to ا. After ى (عَلَىٰ, مُوسَىٰ) the ى already spells that vowel,
// and the mark is removed (على, موسى). Inside a presentation-form ligature
// (ﱛ ﱜ ﱝ ﱣ ﳙ) it stays removed.
inline constexpr char32_t kDaggerAlef = 0x0670;
inline constexpr char32_t kAlefMaksura = 0x0649;

// The hamza-seat decision (stemmer/README.md, "Normalisation and
// tokenisation", has the measurement): hamza on waw or yeh (ؤ ئ) folds to the
// lone hamza ء, so that مسؤول and مسئول meet, while neither meets a word
// spelled with a plain و or ي (هادئ is not هادي).
inline constexpr char32_t kHamzaSeatFold = 0x0621;

// Decodes one UTF-8 sequence at p (p < end). Returns its length (>= 1) and sets
// cp, or kInvalid for an ill-formed sequence. Ill-formed input is consumed in
// maximal subparts, exactly like ICU's U8_NEXT (Unicode's recommended
// practice): overlongs, surrogates, values past U+10FFFF and truncated
// sequences are invalid; nothing is read at or past `end`.
inline std::size_t decode_utf8(const unsigned char* p, const unsigned char* end, char32_t& cp) noexcept {
  const unsigned b0 = p[0];
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  cp = kInvalid;
  const std::size_t avail = static_cast<std::size_t>(end - p);
  auto trail = [](unsigned b) { return (b & 0xC0u) == 0x80u; };
  if (b0 < 0xC2 || b0 > 0xF4) return 1;
  if (b0 < 0xE0) {
    if (avail < 2 || !trail(p[1])) return 1;
    cp = ((b0 & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    return 2;
  }
  if (b0 < 0xF0) {
    unsigned lo = 0x80, hi = 0xBF;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
    if (avail < 2 || p[1] < lo || p[1] > hi) return 1;
    if (avail < 3 || !trail(p[2])) return 2;
    cp = ((b0 & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    return 3;
  }
  unsigned lo = 0x80, hi = 0xBF;
  if (b0 == 0xF0) lo = 0x90;
  if (b0 == 0xF4) hi = 0x8F;
  if (avail < 2 || p[1] < lo || p[1] > hi) return 1;
  if (avail < 3 || !trail(p[2])) return 2;
  if (avail < 4 || !trail(p[3])) return 3;
  cp = ((b0 & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
  return 4;
}

// Appends cp as UTF-8 to out; returns bytes written (1-4).
inline std::size_t encode_utf8(char32_t cp, char* out) noexcept {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// The tokeniser class of any code point (tables, or ICU outside them).
inline std::uint8_t class_of(const Tables& t, char32_t cp) noexcept {
  if (cp < 0x800) return t.two[cp].cls;
  if (const CpEntry* e = lookup3(t, cp)) return e->cls;
  char tmp[kMaxSlowOut];
  std::uint8_t cls = kSep;
  compute_slow(cp, cls, tmp);
  return cls;
}

// Whether the nearest code point before `at` (at > begin is not required)
// whose normalised output is not empty is ى: decides a dagger alef at `at`
// (kDaggerAlef). Walks back over code points the normaliser removes; any
// ill-formed sequence ends the walk (the forward pass reads it as U+FFFD).
__attribute__((noinline, cold)) inline bool dagger_after_maksura(const Tables& t, const unsigned char* begin,
                                                                 const unsigned char* at) noexcept {
  const unsigned char* q = at;
  while (q > begin) {
    const unsigned char* r = q - 1;
    while (r > begin && (*r & 0xC0u) == 0x80u && q - r < 4) --r;
    char32_t cp;
    if (decode_utf8(r, q, cp) != static_cast<std::size_t>(q - r) || cp == kInvalid) return false;
    if (cp == kAlefMaksura) return true;
    // An earlier dagger alef was removed if this walk ends at ى and was ا if
    // it ends elsewhere: either way the answer is the walk's, so go on.
    if (cp == kDaggerAlef) {
      q = r;
      continue;
    }
    if ((class_of(t, cp) & kClassMask) != kTransparent) return false;
    q = r;
  }
  return false;
}

}  // namespace fahras::detail
