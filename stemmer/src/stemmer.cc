// The light stemmer's engine. The rules are data (stem_rules.h); this file
// only applies them in order: whole-word tables, prefixes (decided with the
// lexicon where a letter may be radical), pronoun suffixes, verb frames,
// inflection suffixes, feminine ه.
//
// A word is stemmed only if it consists entirely of two-byte UTF-8 sequences
// in U+0600..U+06FF (every Arabic letter), and has at most kMaxLetters
// letters; anything else (Latin, digits, mixed, invalid UTF-8, junk runs) is
// returned as is. The word is decoded once into one byte per letter
// (code point - U+0600), so every affix test is a couple of byte compares.
// The result is always a substring of the input, or of a static table entry.
#include "fahras/stemmer.h"

#include <array>
#include <cstddef>
#include <cstdint>

#include "stem_lexicon.h"
#include "stem_rules.h"

namespace fahras {
namespace {

using stem_detail::Affix;
using stem_detail::Guard;

// Longer all-Arabic tokens are not words (the tokenizer caps tokens at 120
// bytes anyway); they are returned unchanged.
constexpr std::size_t kMaxLetters = 48;

// Letter codes (code point - U+0600) the engine tests directly.
constexpr std::uint8_t kHamza = 0x21, kAlef = 0x27, kBa = 0x28, kWaw = 0x48, kYa = 0x4A, kHa = 0x47, kTa = 0x2A,
                       kNun = 0x46, kFa = 0x41, kMim = 0x45;

// An affix as letter codes, derived at compile time from its UTF-8 text.
struct Code {
  std::uint8_t len = 0;
  std::uint8_t min_stem = 0;  // copied from the rule, so the hot loop stays in one cache line
  Guard guard = Guard::kNone;
  std::uint8_t c[4] = {0, 0, 0, 0};
};

constexpr std::uint8_t code_at(std::string_view s, std::size_t i) {
  return static_cast<std::uint8_t>(((static_cast<unsigned char>(s[i]) - 0xD8u) << 6) |
                                   (static_cast<unsigned char>(s[i + 1]) & 0x3Fu));
}

constexpr Code encode(std::string_view s) {
  Code k;
  for (std::size_t i = 0; i + 1 < s.size() && k.len < 4; i += 2) k.c[k.len++] = code_at(s, i);
  return k;
}

template <std::size_t N>
constexpr std::array<Code, N> encode_all(const std::string_view (&t)[N]) {
  std::array<Code, N> r{};
  for (std::size_t i = 0; i < N; ++i) r[i] = encode(t[i]);
  return r;
}

constexpr bool is_letter_text(std::string_view s) {
  if (s.empty() || s.size() % 2 != 0 || s.size() > 8) return false;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 < 0xD8 || b0 > 0xDB || (b1 & 0xC0u) != 0x80u) return false;
  }
  return true;
}

// For each letter code, the entries of a table whose first (prefix tables)
// or last (suffix tables) letter it is, so a word is only compared with
// affixes that can match it.
template <std::size_t N>
struct Compiled {
  std::array<Code, N> codes{};
  std::array<std::uint16_t, 64> by_letter{};  // indexed by letter code & 63
};

template <std::size_t N>
constexpr Compiled<N> compile_table(const Affix (&t)[N], bool suffix) {
  static_assert(N <= 16, "a rule table holds at most 16 entries");
  Compiled<N> r{};
  for (std::size_t i = 0; i < N; ++i) {
    r.codes[i] = encode(t[i].text);
    r.codes[i].min_stem = t[i].min_stem;
    r.codes[i].guard = t[i].guard;
    const std::uint8_t key = suffix ? r.codes[i].c[r.codes[i].len - 1] : r.codes[i].c[0];
    r.by_letter[key & 63u] |= static_cast<std::uint16_t>(1u << i);
  }
  return r;
}

template <std::size_t N>
constexpr bool all_letters(const Affix (&t)[N]) {
  for (const Affix& a : t)
    if (!is_letter_text(a.text) || a.min_stem < 2) return false;
  return true;
}

// The compiled tables, index-aligned with their stem_rules.h originals.
#define FAHRAS_COMPILE(table, suffix)                                                    \
  static_assert(all_letters(stem_detail::table), #table ": 1-4 letters, min_stem >= 2"); \
  constexpr auto table##Codes = compile_table(stem_detail::table, suffix)
FAHRAS_COMPILE(kArticlePrefixes, false);
FAHRAS_COMPILE(kConjunctions, false);
FAHRAS_COMPILE(kPrepositions, false);
FAHRAS_COMPILE(kFuturePrefixes, false);
FAHRAS_COMPILE(kBareImperfect, false);
FAHRAS_COMPILE(kVerbSubjectSuffixes, true);
FAHRAS_COMPILE(kEnergeticPrefixes, false);
FAHRAS_COMPILE(kEnergetic, true);
FAHRAS_COMPILE(kInterrogative, false);
FAHRAS_COMPILE(kPronounSuffixes, true);
FAHRAS_COMPILE(kBeforePronoun, true);
FAHRAS_COMPILE(kInflectionSuffixes, true);
FAHRAS_COMPILE(kFeminine, true);
#undef FAHRAS_COMPILE

struct FrameCode {
  Code prefix, suffix;
};
constexpr auto kFrameCodes = [] {
  std::array<FrameCode, std::size(stem_detail::kImperfectFrames)> r{};
  for (std::size_t i = 0; i < r.size(); ++i)
    r[i] = {encode(stem_detail::kImperfectFrames[i].prefix), encode(stem_detail::kImperfectFrames[i].suffix)};
  return r;
}();

// The part of the word still under consideration: letters [s, e) of `c`,
// which are bytes [2s, 2e) of the original word.
struct Span {
  const std::uint8_t* c;
  const char* bytes;
  std::size_t s;
  std::size_t e;

  std::size_t letters() const noexcept { return e - s; }
  std::string_view view() const noexcept { return {bytes + 2 * s, 2 * (e - s)}; }
  std::uint8_t last() const noexcept { return c[e - 1]; }
  bool starts_with(const Code& a) const noexcept {
    if (a.len > e - s) return false;
    for (std::size_t k = 0; k < a.len; ++k)
      if (c[s + k] != a.c[k]) return false;
    return true;
  }
  bool ends_with(const Code& a) const noexcept {
    if (a.len > e - s) return false;
    const std::size_t at = e - a.len;
    for (std::size_t k = 0; k < a.len; ++k)
      if (c[at + k] != a.c[k]) return false;
    return true;
  }
};

bool ends_like_noun(const Span& w) noexcept {
  const std::uint8_t l = w.last();
  if (l == kHa || l == kYa || l == kAlef) return true;
  return l == kTa && w.letters() >= 2 && w.c[w.e - 2] == kAlef;  // ات
}

bool verb_with_object(const Span& w, std::size_t len) noexcept;

// Whether `w` is a dictionary word plus an ending: ه or ا after the entry
// (والده, بالغه, بالغا), ي too when `with_ya` (فوري, فهمي), or the plural
// ات of an entry in ه (وكالات). ه after ي is left out: ـيه is a preposition
// with its pronoun far more often (واليه is و + اليه, not والي + ه); ي is
// left out after the article because التي, الذي end in it (والتي is و +
// التي, whatever والت is).
bool dictionary_word_with_ending(const Span& w, bool with_ya) noexcept {
  using namespace stem_detail;
  if (w.letters() < 3) return false;
  const std::uint8_t l = w.last();
  if ((l == kHa && w.c[w.e - 2] != kYa) || l == kAlef || (with_ya && l == kYa))
    return lexicon_has(Span{w.c, w.bytes, w.s, w.e - 1}.view());
  if (l == kTa && w.c[w.e - 2] == kAlef)
    return lexicon_has_hash(fnv64_extend(fnv64_extend(kFnv64Offset, Span{w.c, w.bytes, w.s, w.e - 2}.view()), "ه"));
  return false;
}

bool guard_allows(Guard g, const Span& w, bool suffix, std::size_t len) noexcept {
  switch (g) {
    case Guard::kNone:
    case Guard::kKnownRemainder:
    case Guard::kNounRemainder: return true;
    case Guard::kFeminineEnding:
      // kFeminineGuardShortStemKnown: two letters left only from a singular in ه.
      if (stem_detail::kFeminineGuardShortStemKnown.on && suffix && w.letters() - len == 2) {
        using namespace stem_detail;
        return lexicon_has_hash(fnv64_extend(fnv64_extend(kFnv64Offset, {w.bytes + 2 * w.s, 4}), "ه"));
      }
      return true;
    case Guard::kNoNominalEnding: return !ends_like_noun(w);
    case Guard::kFourLetters: return w.letters() == 4;
    case Guard::kFirstPersonImperfect:
      return w.letters() == 4 && w.last() != kTa && !ends_like_noun(w) && !stem_detail::lexicon_noun_entry(w.view());
    case Guard::kFirstPersonVerb: {
      if (ends_like_noun(w)) return false;
      // ون ين ان: a 1st-person verb never ends so (سنتين is a dual noun).
      const std::uint8_t before = w.c[w.e - 2];
      return !(w.last() == kNun && (before == kWaw || before == kYa || before == kAlef));
    }
    case Guard::kVerbObject: return verb_with_object(w, len);
    case Guard::kNotInflectedWord:
      if (!stem_detail::kArticleGuardInflectedWord.on || suffix || w.letters() - len != 2) return true;
      return !dictionary_word_with_ending(w, false);
    case Guard::kNotAfterLongVowel: {
      if (!suffix || w.e - w.s <= len) return true;
      const std::uint8_t before = w.c[w.e - len - 1];
      return before != kWaw && before != kYa;
    }
  }
  return true;
}

// Entries are tried in table order (longest first), among those whose
// first (prefix) or last (suffix) letter matches; the letter filter may let
// through a few more (codes alias modulo 64), which the full compare rejects.
template <std::size_t N>
inline int strip_prefix(Span& w, const Compiled<N>& compiled) noexcept {
  for (unsigned m = compiled.by_letter[w.c[w.s] & 63u]; m != 0; m &= m - 1) {
    const auto i = static_cast<std::size_t>(__builtin_ctz(m));
    const Code& k = compiled.codes[i];
    if (w.starts_with(k) && w.letters() - k.len >= k.min_stem && guard_allows(k.guard, w, false, k.len)) {
      w.s += k.len;
      return static_cast<int>(i);
    }
  }
  return -1;
}

template <std::size_t N>
inline int strip_suffix(Span& w, const Compiled<N>& compiled) noexcept {
  for (unsigned m = compiled.by_letter[w.last() & 63u]; m != 0; m &= m - 1) {
    const auto i = static_cast<std::size_t>(__builtin_ctz(m));
    const Code& k = compiled.codes[i];
    if (w.ends_with(k) && w.letters() - k.len >= k.min_stem && guard_allows(k.guard, w, true, k.len)) {
      w.e -= k.len;
      return static_cast<int>(i);
    }
  }
  return -1;
}

// Whether a candidate stem is a dictionary word, as is or with its
// feminine ه restored (the stem of مدرسه is مدرس; the dictionary has مدرسه).
bool known_hash(std::uint64_t h) noexcept {
  using namespace stem_detail;
  return lexicon_has_hash(h) || lexicon_has_hash(fnv64_extend(h, "ه"));
}
bool known_stem(std::string_view s) noexcept {
  return known_hash(stem_detail::fnv64_extend(stem_detail::kFnv64Offset, s));
}
// The same, for a dictionary noun (a noun-section entry, as is or with ه).
bool known_noun_stem(std::string_view s) noexcept {
  using namespace stem_detail;
  const std::uint64_t h = fnv64_extend(kFnv64Offset, s);
  return lexicon_find(h) == Lexical::kNounEntry || lexicon_find(fnv64_extend(h, "ه")) == Lexical::kNounEntry;
}

// Whether an imperfect verb's stem (its prefix removed) is a dictionary verb:
// as is (يعمل -> عمل), with the alef its perfect starts with in forms VII-X
// (يستخدم -> ستخدم, listed as استخدم), or with a word-initial hamza written on
// alef as the dictionary spells it (يؤكد -> ءكد, listed as اكد).
bool known_imperfect_stem(std::string_view s) noexcept {
  using namespace stem_detail;
  // kImperfectGuardVerbSection: only the dictionary's verb section, and no ه
  // restored (a verb's stem is no noun in ة).
  const bool verbs = kImperfectGuardVerbSection.on;
  auto known = [verbs](std::uint64_t h) { return verbs ? lexicon_verb_hash(h) : known_hash(h); };
  const std::uint64_t alef = fnv64_extend(kFnv64Offset, "ا");
  if (known(fnv64_extend(kFnv64Offset, s)) || known(fnv64_extend(alef, s))) return true;
  return s.size() > 2 && s.substr(0, 2) == "ء" && known(fnv64_extend(alef, s.substr(2)));
}

// Whether `w` less its last `len` letters is a verb an object pronoun can
// follow (Guard::kVerbObject): the word itself is not a dictionary word
// (ثاني, يعني, وطني are), and the rest is a dictionary verb as is (past:
// جعل), after an imperfect or imperative prefix (اجعل, تقتل), or before the
// past subject ت/و it ends in (خلقت, اتبعو).
bool verb_form(std::string_view s) noexcept {
  return stem_detail::lexicon_find(stem_detail::fnv64_extend(stem_detail::kFnv64Offset, s)) ==
         stem_detail::Lexical::kVerbForm;
}
bool verb_with_object(const Span& w, std::size_t len) noexcept {
  if (stem_detail::lexicon_has(w.view())) return false;
  Span r = w;
  r.e -= len;
  if (r.letters() < 3 || r.last() == kAlef) return false;
  if (verb_form(r.view())) return true;
  const std::uint8_t first = r.c[r.s];
  if (r.letters() >= 4 && (first == kYa || first == kTa || first == kNun || first == kAlef) &&
      known_imperfect_stem(Span{r.c, r.bytes, r.s + 1, r.e}.view()))
    return true;
  const std::uint8_t last = r.last();
  return (last == kTa || last == kWaw) && r.letters() >= 4 && verb_form(Span{r.c, r.bytes, r.s, r.e - 1}.view());
}

// Cheap pre-filter for the whole-word tables: a 4096-bit set over (length,
// first two letters, last letter) of their keys. Almost every word fails it,
// so the tables are hashed for a few percent of words only.
constexpr std::size_t filter_bit(std::size_t n, std::uint8_t first, std::uint8_t second, std::uint8_t last) {
  return (n * 0x9E5u + first * 0x3Bu + second * 0x1F3u + last * 0x65u) & 4095u;
}
constexpr std::array<std::uint64_t, 64> kTableFilter = [] {
  std::array<std::uint64_t, 64> f{};
  auto add = [&f](std::string_view k) {
    const std::size_t bit = filter_bit(k.size() / 2, code_at(k, 0), code_at(k, 2), code_at(k, k.size() - 2));
    f[bit >> 6] |= std::uint64_t{1} << (bit & 63u);
  };
  for (auto k : stem_detail::kPluralKeys) add(k);
  for (auto k : stem_detail::kFixedKeys) add(k);
  return f;
}();
static_assert(stem_detail::kTableMinBytes >= 6, "stem_word() returns words under 3 letters early");

std::string_view stem_word(std::string_view word, bool use_plurals) noexcept;

// Whole-word tables: fixed stems, then broken plurals (whose result is the
// stem of the singular, computed without consulting the plural table again).
__attribute__((noinline)) bool lookup_tables_slow(const Span& w, bool use_plurals, std::string_view& out) noexcept {
  using namespace stem_detail;
  const std::string_view core = w.view();
  int i = find_key(kFixedSlots, kFixedKeys, core);
  if (i >= 0) {
    out = kFixedStems[i].stem;
    return true;
  }
  if (!use_plurals) return false;
  i = find_key(kPluralSlots, kPluralKeys, core);
  if (i >= 0) {
    out = stem_word(kBrokenPlurals[i].singular, false);
    return true;
  }
  return false;
}

inline bool lookup_tables(const Span& w, bool use_plurals, std::string_view& out) noexcept {
  const std::size_t n = w.letters();
  if (n < 2) return false;
  const std::size_t bit = filter_bit(n, w.c[w.s], w.c[w.s + 1], w.last());
  if (((kTableFilter[bit >> 6] >> (bit & 63u)) & 1u) == 0) return false;
  return lookup_tables_slow(w, use_plurals, out);
}

std::string_view hollow_canonical(int i) noexcept {
  const auto& h = stem_detail::kHollowVerbs[i];
  return h.shortened.empty() ? h.perfect : h.shortened;
}

// The radicals of kDefectiveVerbs as a 4096-bit set of letter pairs, so most
// words are refused by one or two bit tests before any affix is tried.
constexpr std::size_t pair_bit(std::uint8_t a, std::uint8_t b) { return ((a & 63u) << 6) | (b & 63u); }
using PairSet = std::array<std::uint64_t, 64>;
template <std::size_t N>
constexpr PairSet first_pairs(const std::array<std::string_view, N>& keys) {
  PairSet f{};
  for (std::string_view k : keys) {
    if (k.size() < 4) continue;  // the empty cells of kHollowVerbs
    const std::size_t bit = pair_bit(code_at(k, 0), code_at(k, 2));
    f[bit >> 6] |= std::uint64_t{1} << (bit & 63u);
  }
  return f;
}
constexpr PairSet kDefectivePairs = first_pairs(stem_detail::kDefectiveKeys);
// The same for the columns of kHollowVerbs.
constexpr PairSet kHollowShortPairs = first_pairs(stem_detail::kHollowShortKeys);
constexpr PairSet kHollowImperfectPairs = first_pairs(stem_detail::kHollowImperfectKeys);
constexpr PairSet kHollowPerfectPairs = first_pairs(stem_detail::kHollowPerfectKeys);
// Whether letters i, i + 1 of `w` (both inside it) start a key of `set`.
bool pair_at(const PairSet& set, const Span& w, std::size_t i) noexcept {
  const std::size_t bit = pair_bit(w.c[i], w.c[i + 1]);
  return ((set[bit >> 6] >> (bit & 63u)) & 1u) != 0;
}

// A defective verb (kDefectiveVerbs): the entry whose two radicals `core` is,
// bare (*weak = false) or followed by its weak letter ي و ا (*weak = true).
int defective_core(const Span& core, bool& weak) noexcept {
  using namespace stem_detail;
  if (core.letters() == 2) {
    weak = false;
    return find_key(kDefectiveSlots, kDefectiveKeys, core.view());
  }
  const std::uint8_t last = core.last();
  if (core.letters() != 3 || (last != kYa && last != kWaw && last != kAlef)) return -1;
  weak = true;
  return find_key(kDefectiveSlots, kDefectiveKeys, Span{core.c, core.bytes, core.s, core.e - 1}.view());
}

// The perfect's stem of a hollow verb whose imperfect stem is `stem`
// (kHollowVerbs: يقول -> قول -> قال), or `stem` itself.
std::string_view verb_stem(const Span& stem) noexcept {
  using namespace stem_detail;
  if (stem.letters() < 2) return stem.view();
  int i = -1;
  if (pair_at(kHollowImperfectPairs, stem, stem.s))
    i = find_key(kHollowImperfectSlots, kHollowImperfectKeys, stem.view());
  if (i < 0 && pair_at(kHollowPerfectPairs, stem, stem.s))
    i = find_key(kHollowPerfectSlots, kHollowPerfectKeys, stem.view());  // يخاف -> خاف
  if (i >= 0) return hollow_canonical(i);
  bool weak = false;
  i = pair_at(kDefectivePairs, stem, stem.s) ? defective_core(stem, weak) : -1;  // ياتي -> اتي
  return i >= 0 && weak ? kDefectiveVerbs[i].perfect : stem.view();
}

// Whether `w` is [person prefix] + a defective verb's radicals + [weak letter]
// + [subject ending], as kDefectiveVerbs describes; if so, `out` is its perfect.

bool defective_verb(const Span& w, std::string_view& out) noexcept {
  using namespace stem_detail;
  if (w.letters() < 3 || w.letters() > 6) return false;
  // The radicals start the word or follow a one-letter person prefix.
  if (!pair_at(kDefectivePairs, w, w.s) && !pair_at(kDefectivePairs, w, w.s + 1)) return false;
  static constexpr Code kPrefixes[] = {encode(""), encode("ي"), encode("ت"), encode("ن"), encode("ا")};
  static constexpr Code kEndings[] = {encode(""),   encode("وا"), encode("ون"), encode("ين"), encode("ان"),
                                      encode("تم"), encode("تن"), encode("نا"), encode("ت"),  encode("ا")};
  for (const Code& p : kPrefixes) {
    if (!w.starts_with(p) || !pair_at(kDefectivePairs, w, w.s + p.len)) continue;
    for (const Code& e : kEndings) {
      if (std::size_t{p.len} + e.len + 2 > w.letters() || !w.ends_with(e)) continue;
      bool weak = false;
      const int i = defective_core(Span{w.c, w.bytes, w.s + p.len, w.e - e.len}, weak);
      if (i < 0) continue;
      const bool bare_ending = e.len == 0 || e.c[0] == kWaw || (e.len == 2 && e.c[1] == kNun && e.c[0] == kYa) ||
                               (e.len == 1 && e.c[0] == kTa);
      const bool weak_ending =
          e.len == 0 || e.c[0] == kTa || e.c[0] == kNun || e.c[0] == kAlef || (e.len == 2 && e.c[0] == kYa);
      bool ok;
      if (p.len == 1 && p.c[0] == kAlef)  // the imperative: ادع, ادعوا, فادع; not after ب (باتل)
        ok = !weak && (e.len == 0 || e.c[0] == kWaw) &&
             (!kDefectiveGuardImperativeFirst || w.s == 0 || w.c[w.s - 1] == kWaw || w.c[w.s - 1] == kFa);
      else if (weak) ok = weak_ending;
      else ok = bare_ending && (p.len + e.len > 0);
      if (!ok) continue;
      if (kDefectiveGuardNotNoun && lexicon_noun_entry(w.view())) return false;
      out = kDefectiveVerbs[i].perfect;
      return true;
    }
  }
  return false;
}

// Whether `w` is a hollow verb's shortened stem with its verbal evidence: a
// consonantal subject ending of the perfect (قلنا, كنتم) or a jussive person
// prefix (يكن, تخف); if so, `out` is the perfect's stem.
bool hollow_short(const Span& w, std::string_view& out) noexcept {
  using namespace stem_detail;
  if (w.letters() < 3 || w.letters() > 8) return false;
  // The shortened stem starts the word, before a subject ending (whose last
  // letter is ت م ن ا), or follows a jussive prefix ي ت ن.
  const std::uint8_t first = w.c[w.s], last = w.last();
  const bool ending =
      (last == kTa || last == kMim || last == kNun || last == kAlef) && pair_at(kHollowShortPairs, w, w.s);
  const bool jussive =
      (first == kYa || first == kTa || first == kNun) && w.letters() <= 6 && pair_at(kHollowShortPairs, w, w.s + 1);
  if (!ending && !jussive) return false;
  auto found = [&](const Span& core) {
    const int i = find_key(kHollowShortSlots, kHollowShortKeys, core.view());
    if (i < 0) return false;
    if (kHollowGuardNotNoun && lexicon_noun_entry(w.view())) return false;
    out = hollow_canonical(i);
    return true;
  };
  static constexpr auto kSubjects = encode_all(kHollowSubjects);
  static constexpr auto kPersons = encode_all(kHollowJussivePrefixes);
  for (const Code& k : kSubjects) {
    if (!ending) break;
    if (w.letters() <= k.len || !w.ends_with(k)) continue;
    if (found(Span{w.c, w.bytes, w.s, w.e - k.len})) return true;
    // كنا, متم: the stem's last letter is the ending's first, written once.
    if (found(Span{w.c, w.bytes, w.s, w.e - k.len + 1})) return true;
  }
  for (const Code& k : kPersons) {
    if (!jussive) break;
    if (w.starts_with(k) && found(Span{w.c, w.bytes, w.s + k.len, w.e})) return true;
  }
  return false;
}

// Everything after the prefixes the caller has settled: the future particle
// (when no article), pronoun suffixes, verb frames, inflection and feminine
// suffixes. `nominal` is true after the article.
// Whether the stem of a future verb (its سـ prefix removed) is a dictionary
// verb (kFutureGuardKnownVerb): as is after its subject ending (سيكتبون ->
// كتب), or with a pronoun removed, and then the ت/و it hid or a subject ending
// (سيجعلهم -> جعل, ستكتبونه -> كتب, سيشغلاكم -> شغل).
bool future_stem_known(const Span& v) noexcept {
  Span stem = v;
  strip_suffix(stem, kVerbSubjectSuffixesCodes);
  if (known_imperfect_stem(stem.view())) return true;
  Span bare = v;
  if (strip_suffix(bare, kPronounSuffixesCodes) < 0) return false;
  if (known_imperfect_stem(bare.view())) return true;
  Span hid = bare;
  if (strip_suffix(hid, kBeforePronounCodes) >= 0 && known_imperfect_stem(hid.view())) return true;
  Span subject = bare;
  if (strip_suffix(subject, kVerbSubjectSuffixesCodes) >= 0) return known_imperfect_stem(subject.view());
  // The dual's ا and the feminine singular's ي before a pronoun (سيشغلاكم).
  const std::uint8_t last = bare.last();
  return (last == kAlef || last == kYa) && bare.letters() >= 4 &&
         known_imperfect_stem(Span{bare.c, bare.bytes, bare.s, bare.e - 1}.view());
}

// `inflection`, when given, receives the kInflectionSuffixes entry removed, or
// stays as it was when none was.
std::string_view strip_rest(Span w, bool nominal, bool use_plurals, int* inflection = nullptr) noexcept {
  using namespace stem_detail;
  // Uthmani ءا for آ (kUthmaniMaddaHamza): ءامنوا -> امنوا, like آمنوا.
  if (kUthmaniMaddaHamza && w.letters() >= 4 && w.c[w.s] == kHamza && w.c[w.s + 1] == kAlef) ++w.s;
  std::string_view table_stem;
  if (lookup_tables(w, use_plurals, table_stem)) return table_stem;
  if (!nominal && (hollow_short(w, table_stem) || defective_verb(w, table_stem))) return table_stem;
  bool verb = false;
  if (!nominal) {
    Span future = w;
    const int rule = strip_prefix(future, kFuturePrefixesCodes);
    if (rule >= 0) {
      // The stem must be a dictionary verb (kFutureGuardKnownVerb); ست سن سا
      // hold the person letter, so no ي follows them.
      verb = !kFutureGuardKnownVerb.on || (future_stem_known(future) && !stem_detail::lexicon_has(w.view()) &&
                                           (kFuturePrefixes[rule].text == "سي" || future.c[future.s] != kYa));
      if (verb) w = future;
    }
  }

  // Pronoun suffix, and what it hid (ة written ت, the plural verb's و). A
  // dictionary base form has no pronoun (مشترك, ملك are whole words).
  // Looked up lazily: most words never reach a rule that asks.
  const std::string_view before_suffixes = w.view();
  int base_form = -1;
  auto is_base_form = [&] {
    if (base_form < 0) base_form = stem_detail::lexicon_noun_entry(before_suffixes) ? 1 : 0;
    return base_form == 1;
  };
  Span bare = w;
  if (strip_suffix(bare, kPronounSuffixesCodes) >= 0 && !is_base_form()) {
    w = bare;
    if (lookup_tables(w, use_plurals, table_stem)) return table_stem;
    if (!nominal && (hollow_short(w, table_stem) || defective_verb(w, table_stem))) return table_stem;
    strip_suffix(w, kBeforePronounCodes);
  }

  if (verb) {
    strip_suffix(w, kVerbSubjectSuffixesCodes);
    return verb_stem(w);
  }

  // The energetic ن of an imperfect, after the ل of an oath or none
  // (kEnergetic): تكونن, لنخرجن -> كون, خرج; يمكن, يسكن keep their ن (the
  // stem would have two letters; the ن of a verb with three radicals before
  // it is never radical after the ل of an oath, and the dictionary lists
  // form II feminine plurals such as كونن, so "not a verb with ن" is no test).
  if (!nominal && w.letters() >= 5 && w.last() == kNun && w.c[w.e - 2] != kWaw && w.c[w.e - 2] != kYa &&
      w.c[w.e - 2] != kAlef && w.c[w.e - 2] != kTa) {
    Span v = w;
    if (strip_prefix(v, kEnergeticPrefixesCodes) >= 0) {
      Span stem = v;
      if (strip_suffix(stem, kEnergeticCodes) >= 0 && stem.letters() <= kEnergeticMaxStem && !is_base_form() &&
          (!kEnergeticGuardKnownVerb || known_stem(stem.view())))
        return verb_stem(stem);
    }
  }

  if (!nominal) {
    // The interrogative ا / اف before an imperfect (kInterrogative).
    Span q = w;
    if (q.letters() >= 5 && strip_prefix(q, kInterrogativeCodes) >= 0) {
      const std::uint8_t first = q.c[q.s];
      if ((first == kTa || first == kNun) && w.last() != kTa && !stem_detail::lexicon_has(w.view())) {
        const std::string_view r = strip_rest(q, false, use_plurals);
        if (r.data() > q.view().data()) return r;
      }
    }
    for (std::size_t i = 0; i < kFrameCodes.size(); ++i) {
      const FrameCode& f = kFrameCodes[i];
      if (w.letters() >= std::size_t{f.prefix.len} + f.suffix.len + kImperfectFrames[i].min_stem &&
          w.starts_with(f.prefix) && w.ends_with(f.suffix)) {
        Span stem = w;
        stem.s += f.prefix.len;
        stem.e -= f.suffix.len;
        if (!kImperfectGuardKnownStem || (known_imperfect_stem(stem.view()) && !is_base_form())) return verb_stem(stem);
        break;  // a name shaped like a verb (ترومان): the suffix rules below decide
      }
    }
    Span cut = w;
    if (strip_prefix(cut, kBareImperfectCodes) >= 0 && !is_base_form() &&
        (!kImperfectGuardKnownStem || known_imperfect_stem(cut.view())))
      return verb_stem(cut);
  }

  // A dictionary base form keeps letters that only look like an ending
  // (فلسطين, قانون, بيروت, فرنسا). The dictionary also lists some plurals in
  // ات (قوات, سيارات) as entries, and ات is never radical in a base form
  // long enough to strip it, so that ending is exempt.
  {
    Span stripped = w;
    const int rule = strip_suffix(stripped, kInflectionSuffixesCodes);
    if (rule >= 0 &&
        (kInflectionSuffixes[rule].guard == Guard::kFeminineEnding || !stem_detail::lexicon_noun_entry(w.view()))) {
      w = stripped;
      if (inflection != nullptr) *inflection = rule;
    }
  }
  const Span before_feminine = w;
  if (strip_suffix(w, kFeminineCodes) >= 0 && kFeminineGuardHollowShort && pair_at(kHollowShortPairs, w, w.s) &&
      find_key(kHollowShortSlots, kHollowShortKeys, w.view()) >= 0)
    w = before_feminine;  // قمه (summit) is not قم, the stem of قام
  if (!nominal) {
    const int i =
        pair_at(kHollowPerfectPairs, w, w.s) ? find_key(kHollowPerfectSlots, kHollowPerfectKeys, w.view()) : -1;
    if (i >= 0) return hollow_canonical(i);
  }
  return w.view();
}

// Whether a stem that a pronoun came off ends in the ة of a dictionary noun,
// written ت before the pronoun and kept because too few letters would remain
// (بصفته -> صفت, whose noun is صفه; بدايته -> بدايت, from بدايه).
bool noun_before_pronoun(std::string_view stem) noexcept {
  using namespace stem_detail;
  if (!kPronounGuardTaMarbutaNoun || stem.size() < 6 || stem.substr(stem.size() - 2) != "ت") return false;
  const std::uint64_t h = fnv64_extend(kFnv64Offset, stem.substr(0, stem.size() - 2));
  return lexicon_find(fnv64_extend(h, "ه")) == Lexical::kNounEntry;
}

// Whether the stem `cut`, left by removing preposition `rule` and then
// strip_rest() from `rest`, is a word the preposition can govern (the
// guards of kPrepositions in stem_rules.h). The genitive ending is checked by
// the caller, which knows the inflection removed.
bool preposition_remainder_known(int rule, const Span& rest, std::string_view cut) noexcept {
  using namespace stem_detail;
  const bool shortened = cut.size() < rest.view().size();
  const bool ta_of_noun = shortened && noun_before_pronoun(cut);
  if (kPrepositionGuardLiteralRemainder && !shortened) {
    if (!lexicon_has(cut)) return false;
  } else if (!known_stem(cut) && !ta_of_noun) {
    return false;
  }
  if (kPrepositions[rule].guard != Guard::kNounRemainder) return true;
  return ta_of_noun || known_noun_stem(cut);
}

// A word without the article: a preposition ب/ل/ك is stripped only when the
// lexicon knows the stem without it and not the stem with it (بمجلس ->
// مجلس, لرئيس -> رئيس; بحث, لبنان, كتاب stay whole).
std::string_view strip_preposition_and_rest(Span w, bool use_plurals) noexcept {
  using namespace stem_detail;
  const std::string_view keep = strip_rest(w, false, use_plurals);
  Span without = w;
  const int rule = strip_prefix(without, kPrepositionsCodes);
  if (rule >= 0) {
    // ب/ك govern a genitive noun (kPrepositionGuardGenitiveNoun): the rest is
    // read as a noun, and the only inflection it may lose is ين ات تين.
    const bool genitive = kPrepositionGuardGenitiveNoun.on && kPrepositions[rule].guard == Guard::kNounRemainder;
    int inflection = -1;
    const std::string_view cut = strip_rest(without, genitive, use_plurals, &inflection);
    if (genitive && inflection >= 0) {
      const std::string_view ending = kInflectionSuffixes[inflection].text;
      if (ending != "ين" && ending != "ات" && ending != "تين") return keep;
    }
    const bool keep_known = known_stem(keep) || (keep.size() < w.view().size() && noun_before_pronoun(keep));
    if (preposition_remainder_known(rule, without, cut) && !keep_known && !stem_detail::lexicon_has(w.view()) &&
        !(kPrepositionGuardPossessiveYa && w.last() == kYa &&
          stem_detail::lexicon_has(Span{w.c, w.bytes, w.s, w.e - 1}.view())))
      return cut;
  }
  return keep;
}

std::string_view stem_word(std::string_view word, bool use_plurals) noexcept {
  using namespace stem_detail;
  const std::size_t n = word.size() / 2;
  // Every rule leaves at least two letters and removes at least one, and the
  // shortest table key has three, so shorter words (في, من) are final.
  if (word.size() < 6 || (word.size() & 1u) != 0 || n > kMaxLetters) return word;
  std::uint8_t codes[kMaxLetters] = {};
  for (std::size_t i = 0; i < n; ++i) {
    const auto b0 = static_cast<unsigned char>(word[2 * i]);
    const auto b1 = static_cast<unsigned char>(word[2 * i + 1]);
    if (b0 < 0xD8 || b0 > 0xDB || (b1 & 0xC0u) != 0x80u) return word;
    codes[i] = static_cast<std::uint8_t>(((b0 - 0xD8u) << 6) | (b1 & 0x3Fu));
  }

  Span w{codes, word.data(), 0, n};
  std::string_view table_stem;
  if (lookup_tables(w, use_plurals, table_stem)) return table_stem;
  if (strip_prefix(w, kArticlePrefixesCodes) >= 0) return strip_rest(w, true, use_plurals);

  // A conjunction is kept when the stem that keeps it is a dictionary word
  // (وزير, وجود, فريق) and stripped otherwise (وقال -> قال, and unknown
  // names: ولافروف -> لافروف).
  // و/ف before a hollow verb's two-letter imperative (فقل, وكن): the
  // conjunction rule needs three letters left.
  if (n == 3 && (w.c[0] == kWaw || w.c[0] == kFa)) {
    const int i = find_key(kHollowShortSlots, kHollowShortKeys, Span{codes, word.data(), 1, 3}.view());
    if (i >= 0) return hollow_canonical(i);
  }
  Span without = w;
  const int conjunction = strip_prefix(without, kConjunctionsCodes);
  if (conjunction < 0) return strip_preposition_and_rest(w, use_plurals);
  const std::string_view keep = strip_preposition_and_rest(w, use_plurals);
  if (known_stem(keep) || stem_detail::lexicon_has(w.view()) ||
      (keep.size() < w.view().size() && noun_before_pronoun(keep)) ||
      (stem_detail::kConjunctionGuardInflectedWord.on && w.c[w.s] == kFa && dictionary_word_with_ending(w, true)))
    return keep;
  const std::string_view cut = strip_preposition_and_rest(without, use_plurals);
  // ف comes off only before a known word (kKnownRemainder): فرانس stays whole;
  // and before ب (kConjunctionGuardBeforeBa): فبيريز -> بيريز.
  if (kConjunctions[conjunction].guard == Guard::kKnownRemainder && !known_stem(cut) &&
      !(kConjunctionGuardBeforeBa && without.c[without.s] == kBa))
    return keep;
  return cut;
}

}  // namespace

std::string_view LightStemmer::stem(std::string_view normalized_word) const noexcept {
  return stem_word(normalized_word, true);
}

}  // namespace fahras
