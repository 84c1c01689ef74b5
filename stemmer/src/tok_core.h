// Private to fahras_analysis: the tokeniser's loop, as a template over the
// sink so that Analyzer::analyze() can inline its per-token work (stemming,
// stop words) instead of paying an indirect call per token. Tokenizer and
// Analyzer both instantiate it; see tokenizer.h for the contract.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "fahras/tokenizer.h"
#include "norm_tables.h"

namespace fahras::detail {

inline constexpr std::size_t kMaxBytes = Tokenizer::kMaxTokenBytes;
// Room for the longest kept token plus the unconditional 4-byte copy and
// the longest single-code-point output.
inline constexpr std::size_t kTokenBufBytes = kMaxBytes + 64;
static_assert(kMaxBytes % 2 == 0, "the letter loops copy whole 2-byte letters up to kMaxBytes");

// Set in a token's flags when it holds anything but digits and decimal dots.
inline constexpr std::uint8_t kNotNumber = 0x80;

inline TokenScript script_of(std::uint8_t flags) noexcept {
  if (flags & kScriptArabic) return TokenScript::kArabic;
  if (flags & kScriptLatin) return TokenScript::kLatin;
  if (flags & (kScriptOther | kNotNumber)) return TokenScript::kOther;
  return TokenScript::kNumber;
}

// The Arabic letters' fast path in one load: indexed by a letter's two
// UTF-8 bytes (first | second << 8), its folded two bytes (bits 0-15) and
// its memo code (bits 16-23, Tables::arabic_code); 0 for anything that is
// not a 2-byte Arabic letter. 256 KiB, of which running text touches a few
// dozen cache lines: the letters' 4 KiB, and what follows a word's end.
// Built once from tables(), like them (thread-safe static).
inline const std::uint32_t* letter_pairs() {
  static const std::uint32_t* const table = [] {
    const Tables& t = tables();
    auto* l = new std::uint32_t[1u << 16]();  // never freed: used until exit
    for (unsigned lead = 0xD8; lead <= 0xDB; ++lead) {
      for (unsigned trail = 0; trail < 256; ++trail) {
        const unsigned i = ((lead - 0xD8u) << 8) | trail;
        if (t.arabic_pair[i] != 0)
          l[lead | trail << 8] = t.arabic_pair[i] | static_cast<std::uint32_t>(t.arabic_code[i]) << 16;
      }
    }
    return l;
  }();
  return table;
}

// The index of the two bytes at q into letter_pairs(): q[0] | q[1] << 8.
inline unsigned pair_at(const unsigned char* q) noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  std::uint16_t x;
  std::memcpy(&x, q, 2);  // one load
  return x;
#else
  return static_cast<unsigned>(q[0]) | static_cast<unsigned>(q[1]) << 8;
#endif
}

// The class of the first code point at p that the normaliser keeps, for the
// look-ahead after a dot ("3.5" joins, "3. 5" does not; marks in between
// are invisible, as they are once normalised).
inline std::uint8_t peek_class(const Tables& t, const unsigned char* p, const unsigned char* end) noexcept {
  while (p < end) {
    char32_t cp;
    p += decode_utf8(p, end, cp);
    if (cp == kInvalid) return kSep;
    const std::uint8_t cls = class_of(t, cp);
    if ((cls & kClassMask) != kTransparent) return cls & kClassMask;
  }
  return kSep;
}

// The loop alternates two phases: skip separators, then scan one word. Within
// a word, runs of Arabic letters (lead bytes 0xD8-0xDB: U+0600-06FF) and of
// ASCII letters are copied by tight table-driven loops; every other code
// point takes the general step, which classifies it through the tables (or
// ICU, for code points outside them) and decides whether the word goes on.
// `buf` holds kTokenBufBytes; `text` is at most 4 GiB (checked by callers).
// With kPack, the sink also gets each token's memo key (stem_memo.h), built
// in the Arabic fast loop for nearly free: StemMemo::pack(norm), or 0; and it
// returns where the next token's norm is to be written (kTokenBufBytes of
// room), so that a caller that keeps norms for a while need not copy them.
template <bool kPack = false, class Sink>
void tokenize_core(const Tables& t, char* buf, std::string_view text, std::uint32_t first_position, Sink&& sink) {
  const auto* const base = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = base + text.size();
  const auto* p = base;
  const std::uint32_t* const letters = letter_pairs();
  std::uint32_t pos = first_position;
  auto off = [base](const unsigned char* q) { return static_cast<std::uint32_t>(q - base); };

  // What the last kept code point of the current word was: it picks the fast
  // loop, and an Arabic letter next to a digit starts a new token, so that
  // the clitics of "و2025" or "بـ3" don't hide the number from a search.
  enum Last : std::uint8_t { kNone, kArabicLetter, kAsciiLetter, kDigitChar, kOtherChar };
  constexpr std::uint8_t kArabicWord = kWord | kScriptArabic;
  constexpr std::uint8_t kLatinWord = kWord | kScriptLatin;
  char slow[kMaxSlowOut + 4];

  while (p < end) {
    // Separators: ASCII and 2-byte ones here; others in the general step.
    for (;;) {
      const unsigned b = *p;
      if (b < 0x80) {
        if ((t.two[b].cls & kClassMask) != kSep) break;
        ++p;
      } else if (p + 1 < end && letters[pair_at(p)] != 0) {
        break;  // an Arabic letter: the usual start of a word
      } else if (b - 0xC2u < 0x1Eu && p + 1 < end && (p[1] & 0xC0u) == 0x80u &&
                 (t.two[((b & 0x1Fu) << 6) | (p[1] & 0x3Fu)].cls & kClassMask) == kSep) {
        p += 2;
      } else {
        break;
      }
      if (p == end) goto done;
    }

    {
      std::size_t n = 0;      // bytes of the norm in buf
      bool started = false;   // a kept code point has been seen
      bool overflow = false;  // the norm is longer than kMaxBytes
      Last last = kNone;
      std::uint8_t flags = 0;  // script bits | kNotNumber
      std::uint32_t begin = 0, tok_end = 0;
      std::uint64_t key = 0;    // kPack: the memo key's digits so far
      unsigned unpackable = 0;  // kPack: Tables::kUnpackable once the key is void
      // A skipped (overlong) token still takes a position, so that a phrase
      // never matches across it.
      auto emit = [&](const Token& tok) {
        if constexpr (kPack) {
          constexpr std::size_t kMaxPacked = 20;  // StemMemo::kMaxLetters letters
          buf = sink(tok, (unpackable & Tables::kUnpackable) == 0 && n <= kMaxPacked ? key : std::uint64_t{0});
        } else {
          sink(tok);
        }
      };
      auto finish = [&] {
        if (!started) return;
        if (!overflow) emit(Token{std::string_view(buf, n), begin, tok_end, pos, script_of(flags)});
        ++pos;
        started = false;
      };
      // Copies the Arabic letters from p on (stopping before lim, < end),
      // folded, to buf + n onwards; n is left to the caller.
      auto copy_letters = [&](const unsigned char* const lim) {
        char* const w = buf + n;
        const unsigned char* const q = p;
        const std::size_t m = lim > q ? static_cast<std::size_t>(lim - q) : 0;
        std::size_t i = 0;
        while (i < m) {
          const std::uint32_t v = letters[pair_at(q + i)];
          if (v == 0) break;
          if constexpr (kPack) {
            const std::uint32_t code = v >> 16;
            unpackable |= code;
            key = (key << 6) | code;
          }
          const auto out = static_cast<std::uint16_t>(v);
          std::memcpy(w + i, &out, 2);
          i += 2;
        }
        p = q + i;
      };

      // Most tokens are Arabic letters up to an ASCII separator: they are
      // done here, without the general loop's state. Anything else leaves
      // the state exactly as the general loop's first pass would have.
      {
        const unsigned char* const run = p;
        copy_letters(static_cast<std::size_t>(end - p) > kMaxBytes ? p + kMaxBytes : end - 1);
        if (p != run) {
          n = static_cast<std::size_t>(p - run);
          started = true;
          begin = off(run);
          last = kArabicLetter;
          flags = static_cast<std::uint8_t>(kArabicWord | kNotNumber);
          tok_end = off(p);
          if (p < end && *p < 0x80 && (t.two[*p].cls & kClassMask) == kSep) {
            ++p;
            emit(Token{std::string_view(buf, n), begin, tok_end, pos, TokenScript::kArabic});
            ++pos;
            continue;
          }
        }
      }

      for (;;) {
        if (last != kDigitChar && last != kAsciiLetter) {
          // Each letter is 2 bytes in and 2 bytes out, so one bound covers
          // both the input and the token's length limit.
          const unsigned char* const run = p;
          // Rounded down to whole letters: after an odd-length prefix (an
          // ASCII letter, a 3-byte letter) an odd room would let the last
          // copy run one byte past kMaxBytes and the next room wrap around.
          const std::size_t room = n < kMaxBytes ? (kMaxBytes - n) & ~std::size_t{1} : 0;
          const unsigned char* const lim = static_cast<std::size_t>(end - p) > room ? p + room : end - 1;
          copy_letters(lim);
          if (p != run) {
            n += static_cast<std::size_t>(p - run);
            if (!started) {
              started = true;
              begin = off(run);
            }
            last = kArabicLetter;
            flags = static_cast<std::uint8_t>(flags | kArabicWord | kNotNumber);
            tok_end = off(p);
            // The usual end of an Arabic word: an ASCII separator.
            if (p < end && *p < 0x80 && (t.two[*p].cls & kClassMask) == kSep) {
              ++p;
              break;
            }
          }
        } else if (last == kAsciiLetter) {
          while (p < end && *p < 0x80 && t.two[*p].cls == kLatinWord && n < kMaxBytes) {
            buf[n++] = t.two[*p].inl[0];
            ++p;
          }
          tok_end = off(p);
        }
        if (p == end) break;

        // The general step: one code point.
        const unsigned char* const start = p;
        const unsigned b = *p;
        std::uint8_t cls;
        const char* src;
        std::size_t len;
        if (b < 0x80) {
          const CpEntry& e = t.two[b];
          cls = e.cls;
          src = e.inl;
          len = e.len;
          ++p;
        } else if (b - 0xC2u < 0x1Eu && p + 1 < end && (p[1] & 0xC0u) == 0x80u) {
          const CpEntry& e = t.two[((b & 0x1Fu) << 6) | (p[1] & 0x3Fu)];
          cls = e.cls;
          src = t.out(e);
          len = e.len;
          // A dagger alef after ى is removed (kDaggerAlef), elsewhere it is ا.
          if (__builtin_expect(b == 0xD9 && p[1] == 0xB0, 0) && dagger_after_maksura(t, base, p)) {
            cls = kTransparent;
            len = 0;
          }
          p += 2;
        } else {
          char32_t cp;
          p += decode_utf8(p, end, cp);
          if (cp == kInvalid) break;  // ill-formed UTF-8 separates words
          if (const CpEntry* e = lookup3(t, cp)) {
            cls = e->cls;
            src = t.out(*e);
            len = e->len;
          } else {
            len = compute_slow(cp, cls, slow);
            src = slow;
          }
        }

        const std::uint8_t kind = cls & kClassMask;
        // Whatever the general step adds to a word is outside the memo key's
        // alphabet (or a letter the fast loop had no room for): no key.
        if (kind == kWord || kind == kDigit) {
          const bool digit = kind == kDigit;
          if (digit ? last == kArabicLetter : (last == kDigitChar && (cls & kScriptArabic) != 0)) {
            p = start;  // the next word starts here
            break;
          }
          if (!started) {
            started = true;
            begin = off(start);
          }
          if constexpr (kPack) unpackable = Tables::kUnpackable;
          if (n + len > kMaxBytes) {
            overflow = true;
          } else {
            std::memcpy(buf + n, src, len <= 4 ? 4 : len);
            n += len;
          }
          if (digit) {
            last = kDigitChar;
          } else if (cls & kScriptArabic) {
            last = kArabicLetter;
          } else if ((cls & kScriptLatin) && b < 0x80) {
            last = kAsciiLetter;
          } else {
            last = kOtherChar;
          }
          flags = static_cast<std::uint8_t>(flags | (cls & ~kClassMask) | (digit ? 0 : kNotNumber));
          tok_end = off(p);
        } else if (kind == kTransparent) {
          if (started) tok_end = off(p);
        } else if (kind == kDot && last == kDigitChar && peek_class(t, p, end) == kDigit) {
          if constexpr (kPack) unpackable = Tables::kUnpackable;
          if (n + 1 > kMaxBytes) {
            overflow = true;
          } else {
            buf[n++] = '.';
          }
          last = kOtherChar;
        } else if (kind == kExpand) {
          // A ligature that spells several words (U+FDFA): tokens come out
          // as if the ligature were written out (its first word continues
          // the current token, its last word goes on into the next
          // letters), and each such token's byte range covers the ligature.
          if (last == kDigitChar) {
            p = start;  // a digit then an Arabic letter: new token
            break;
          }
          if (!started) {
            started = true;
            begin = off(start);
          }
          if constexpr (kPack) unpackable = Tables::kUnpackable;
          const char* q = src;
          const char* const qend = src + len;
          for (;;) {
            const char* sp = static_cast<const char*>(std::memchr(q, ' ', static_cast<std::size_t>(qend - q)));
            const char* const wend = sp != nullptr ? sp : qend;
            const auto wlen = static_cast<std::size_t>(wend - q);
            if (n + wlen > kMaxBytes) {
              overflow = true;
            } else {
              std::memcpy(buf + n, q, wlen);
              n += wlen;
            }
            flags = static_cast<std::uint8_t>(flags | kArabicWord | kNotNumber);
            tok_end = off(p);
            if (sp == nullptr) break;
            finish();
            started = true;
            overflow = false;
            n = 0;
            flags = 0;
            unpackable = Tables::kUnpackable;
            begin = off(start);
            q = sp + 1;
          }
          last = kArabicLetter;
        } else {
          break;  // a separator (or a dot that joins nothing), consumed
        }
      }

      finish();
    }
  }
done:;
}

}  // namespace fahras::detail
