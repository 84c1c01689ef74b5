// The root analyser's engine. The rules are data (root_rules.h); this file
// enumerates the readings of a word (which prefixes and suffixes come off),
// matches each remainder against the patterns, and keeps the first root the
// hunspell-ar lexicon attests.
//
// Order of the search, which is what makes it precise:
//  1. whole-word tables (no root for particles and pronouns; fixed roots);
//  2. full patterns, readings with the fewest letters stripped first, and a
//     root without weak radicals preferred over one with (a weak radical is
//     where spurious readings hide: امنوا read as منو instead of امن);
//  3. only then two-letter remainders and truncated defective patterns.
// The word is decoded once into one byte per letter (code point - U+0600);
// everything else works on that array, with no allocation.
#include "fahras/root.h"

#include <array>
#include <cstddef>
#include <cstdint>

#include "root_rules.h"
#include "stem_lexicon.h"
#include "stem_tables.h"

namespace fahras {

void Root::push(std::uint8_t code) noexcept {
  if (std::size_t{size_} + 2 > sizeof bytes_) return;
  bytes_[size_++] = static_cast<char>(0xD8u | (code >> 6));
  bytes_[size_++] = static_cast<char>(0x80u | (code & 0x3Fu));
}

namespace {

using namespace root_detail;

constexpr std::size_t kMaxLetters = 24;  // longer words are not analysed
constexpr std::uint8_t kHamza = 0x21, kAlef = 0x27, kTa = 0x2A, kWaw = 0x48, kYa = 0x4A;
constexpr std::uint8_t kFa = 0x41, kAin = 0x39, kLam = 0x44;

constexpr std::uint8_t code_at(std::string_view s, std::size_t i) {
  return static_cast<std::uint8_t>(((static_cast<unsigned char>(s[i]) - 0xD8u) << 6) |
                                   (static_cast<unsigned char>(s[i + 1]) & 0x3Fu));
}

// Up to seven letters as codes.
struct Letters {
  std::uint8_t len = 0;
  std::uint8_t c[7] = {};
};

constexpr Letters encode(std::string_view s) {
  Letters k;
  for (std::size_t i = 0; i + 1 < s.size() && k.len < 7; i += 2) k.c[k.len++] = code_at(s, i);
  return k;
}

template <typename T, std::size_t N>
constexpr std::array<Letters, N> encode_all(const T (&t)[N]) {
  std::array<Letters, N> r{};
  for (std::size_t i = 0; i < N; ++i) r[i] = encode(t[i].text);
  return r;
}

constexpr auto kPrefixCodes = encode_all(kPrefixes);
constexpr auto kPronounCodes = encode_all(kPronouns);
constexpr auto kInflectionCodes = encode_all(kInflections);

// A pattern as codes: 1, 2, 3 mark the radicals (ف ع ل), anything else is a
// letter that must be there.
struct PatternCode {
  Letters form;
  PatternGuard guard;
};

template <std::size_t N>
constexpr std::array<PatternCode, N> compile_patterns(const Pattern (&t)[N]) {
  std::array<PatternCode, N> r{};
  for (std::size_t i = 0; i < N; ++i) {
    r[i].form = encode(t[i].form);
    r[i].guard = t[i].guard;
    for (std::size_t k = 0; k < r[i].form.len; ++k) {
      std::uint8_t& c = r[i].form.c[k];
      c = c == kFa ? 1 : c == kAin ? 2 : c == kLam ? 3 : c;
    }
  }
  return r;
}

constexpr auto kPatternCodes = compile_patterns(kPatterns);
constexpr auto kDefectiveCodes = compile_patterns(kDefectivePatterns);
// A pattern whose first radical is not written as itself: merged with form
// VIII's ت (kAssimilatedFirst) or written ي after إفعال's kasra (kYaForFirst).
constexpr bool first_stood_in(PatternGuard g) {
  return g == PatternGuard::kAssimilatedFirst || g == PatternGuard::kYaForFirst;
}

// The patterns of kAssimilatedFirst (form VIII, ف merged with the ت).
constexpr auto kAssimilatedCodes = [] {
  constexpr std::size_t n = [] {
    std::size_t k = 0;
    for (const PatternCode& p : kPatternCodes) k += p.guard == PatternGuard::kAssimilatedFirst;
    return k;
  }();
  std::array<PatternCode, n> r{};
  std::size_t i = 0;
  for (const PatternCode& p : kPatternCodes)
    if (p.guard == PatternGuard::kAssimilatedFirst) r[i++] = p;
  return r;
}();

constexpr bool well_formed(const std::array<PatternCode, std::size(kPatterns)>& p) {
  for (const auto& x : p) {
    int slots = 0;
    for (std::size_t k = 0; k < x.form.len; ++k) slots += x.form.c[k] >= 1 && x.form.c[k] <= 3;
    if (slots != (first_stood_in(x.guard) ? 2 : 3)) return false;
  }
  return true;
}
static_assert(well_formed(kPatternCodes),
              "every full pattern has exactly one ف, one ع and one ل (an assimilated one no ف)");

// Whole-word tables.
constexpr auto kNoRootKeys = stem_detail::to_array(kNoRoot);
static_assert(stem_detail::all_distinct(kNoRootKeys), "a no-root word is listed twice");
constexpr auto kNoRootSlots = stem_detail::build_slots<stem_detail::slots_for(kNoRootKeys.size())>(kNoRootKeys);
constexpr auto kFixedRootKeys = [] {
  std::array<std::string_view, std::size(kFixedRoots)> k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = kFixedRoots[i].word;
  return k;
}();
static_assert(stem_detail::all_distinct(kFixedRootKeys), "a fixed root is listed twice");
constexpr auto kFixedRootSlots =
    stem_detail::build_slots<stem_detail::slots_for(kFixedRootKeys.size())>(kFixedRootKeys);

bool is_weak(std::uint8_t c) noexcept { return c == kAlef || c == kWaw || c == kYa || c == kHamza; }

// Letters c[0..n) (n <= kMaxLetters) written as UTF-8 into `buf`.
std::string_view spell(const std::uint8_t* c, std::size_t n, char (&buf)[2 * kMaxLetters]) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    buf[2 * i] = static_cast<char>(0xD8u | (c[i] >> 6));
    buf[2 * i + 1] = static_cast<char>(0x80u | (c[i] & 0x3Fu));
  }
  return {buf, 2 * n};
}

// Whether the lexicon has the word spelt by c[0..n) (n <= kMaxLetters).
bool lex_has(const std::uint8_t* c, std::size_t n) noexcept {
  char buf[2 * kMaxLetters];
  return stem_detail::lexicon_has(spell(c, n, buf));
}

// Whether letters c[0..n) spell a dictionary word, as is or with ة (ه).
bool stem_known(const std::uint8_t* c, std::size_t n) noexcept {
  char buf[2 * kMaxLetters];
  if (n > kMaxLetters) return false;
  const std::uint64_t h = stem_detail::fnv64_extend(stem_detail::kFnv64Offset, spell(c, n, buf));
  return stem_detail::lexicon_has_hash(h) || stem_detail::lexicon_has_hash(stem_detail::fnv64_extend(h, "ه"));
}

// A root is attested when the lexicon has a word spelt with its three
// radicals in a row (the form I perfect فعل, or a noun of that shape), a weak
// radical written as any of ا و ي ء (قال for قول, دعا for دعو, سال for سءل),
// or, for a doubled root, the two-letter perfect (مد for مدد).
bool root_attested(std::uint8_t r1, std::uint8_t r2, std::uint8_t r3) noexcept {
  static constexpr std::uint8_t kWeak[] = {kAlef, kWaw, kYa, kHamza};
  const std::uint8_t first = r1 == kHamza ? kAlef : r1;
  const bool w2 = is_weak(r2), w3 = is_weak(r3);
  for (std::size_t i = 0; i < (w2 ? 4u : 1u); ++i)
    for (std::size_t j = 0; j < (w3 ? 4u : 1u); ++j) {
      const std::uint8_t w[3] = {first, w2 ? kWeak[i] : r2, w3 ? kWeak[j] : r3};
      if (lex_has(w, 3)) return true;
    }
  if (r2 == r3) {
    const std::uint8_t w[2] = {first, r2};
    if (lex_has(w, 2)) return true;
  }
  return false;
}

// The root as written in output: an initial hamza as ا, a weak second
// radical as و, a weak third as ي, so every spelling of one root agrees.
Root canonical(std::uint8_t r1, std::uint8_t r2, std::uint8_t r3) noexcept {
  Root r;
  r.push(r1 == kHamza ? kAlef : r1);
  r.push(is_weak(r2) ? kWaw : r2);
  r.push(is_weak(r3) ? kYa : r3);
  return r;
}

// One way of reading the word: letters [begin, end) are the stem.
struct Reading {
  std::uint8_t begin = 0;
  std::uint8_t end = 0;
  bool imperfect = false;    // a person prefix came off
  bool weak_suffix = false;  // the inflection starts with و or ي (defective hint)
  bool verbal = false;       // a person prefix or a perfect's subject ending came off
  bool unmerged = false;     // a consonantal verb ending came off: no doubled root before it
  bool dual = false;         // the word's last letters ان came off as the dual ending
};

bool starts_at(const std::uint8_t* c, std::size_t n, std::size_t at, const Letters& a) noexcept {
  if (at + a.len > n) return false;
  for (std::size_t k = 0; k < a.len; ++k)
    if (c[at + k] != a.c[k]) return false;
  return true;
}
bool ends_at(const std::uint8_t* c, std::size_t end, std::size_t min_begin, const Letters& a) noexcept {
  if (end < min_begin + a.len) return false;
  return starts_at(c, end, end - a.len, a);
}

// A cut also counts its single-letter pieces: one letter (و, ب, ي, ه, ت…)
// is as often radical as an affix, while a longer affix (ال, ون, هم) almost
// never is, so readings are tried with the fewest single-letter pieces first.
struct PrefixCut {
  std::uint8_t at;
  bool imperfect;
  std::uint8_t singles;
  bool nominal;  // the article or a preposition came off
};
struct SuffixCut {
  std::uint8_t end;
  bool weak;
  std::uint8_t singles;
  bool verb_subject;  // a perfect verb's subject ending came off (تم, نا, ت)
  bool verb_only;     // the ending only follows a verb (وا, تم)
  bool consonantal;   // a consonantal verb ending (تم, نا, ن): a doubled root unmerges before it
  bool dual = false;  // the word's last letters ان, cut as the dual ending (kGuardPatternOverDual)
};

constexpr std::size_t kMaxCuts = 48;

template <typename T>
struct Cuts {
  std::array<T, kMaxCuts> v{};
  std::size_t n = 0;
  void add(T x) noexcept {
    if (n < kMaxCuts) v[n++] = x;
  }
};

// Every way of taking prefixes off: [question] [conjunction] then the
// article family, a preposition, or [future/lam] + person prefix.
// `free_clitics`: the word is not a dictionary word, so its و ف ب ك ل are
// surely clitics and cost nothing (kFreeClitics).
Cuts<PrefixCut> prefix_cuts(const std::uint8_t* c, std::size_t n, bool free_clitics) noexcept {
  Cuts<PrefixCut> out;
  auto after_base = [&](std::size_t base) {
    // question and conjunction: one letter each
    const auto s0 = static_cast<std::uint8_t>(free_clitics ? 0 : base);
    out.add({static_cast<std::uint8_t>(base), false, s0, false});
    for (std::size_t i = 0; i < kPrefixCodes.size(); ++i) {
      const Letters& p = kPrefixCodes[i];
      if (!starts_at(c, n, base, p) || n - base - p.len < 2) continue;
      const std::size_t at = base + p.len;
      const auto singles = static_cast<std::uint8_t>(s0 + (p.len == 1 ? 1 : 0));
      switch (kPrefixes[i].kind) {
        case PrefixKind::kNominal:
          out.add({static_cast<std::uint8_t>(at), false, free_clitics ? s0 : singles, true});
          break;
        case PrefixKind::kImperfect:
          // The ا of the article is not the 1st person prefix (kGuardArticleNotPerson).
          if (kGuardArticleNotPerson && c[base] == kAlef && c[base + 1] == kLam) break;
          out.add({static_cast<std::uint8_t>(at), true, singles, false});
          break;
        case PrefixKind::kVerbal:
          for (std::size_t j = 0; j < kPrefixCodes.size(); ++j)
            if (kPrefixes[j].kind == PrefixKind::kImperfect && starts_at(c, n, at, kPrefixCodes[j]) &&
                n - at - kPrefixCodes[j].len >= 2)
              out.add({static_cast<std::uint8_t>(at + kPrefixCodes[j].len), true,
                       static_cast<std::uint8_t>(singles + 1), false});
          break;
        case PrefixKind::kQuestion:
        case PrefixKind::kConjunction: break;
      }
    }
  };
  after_base(0);
  for (std::size_t i = 0; i < kPrefixCodes.size(); ++i) {
    if (kPrefixes[i].kind != PrefixKind::kConjunction || !starts_at(c, n, 0, kPrefixCodes[i]) || n < 3) continue;
    after_base(1);
  }
  if (n >= 4 && c[0] == kAlef)
    for (std::size_t i = 0; i < kPrefixCodes.size(); ++i)
      if (kPrefixes[i].kind == PrefixKind::kConjunction && starts_at(c, n, 1, kPrefixCodes[i])) after_base(2);
  return out;
}

// Every way of taking suffixes off: [pronoun] then [inflection].
Cuts<SuffixCut> suffix_cuts(const std::uint8_t* c, std::size_t n) noexcept {
  Cuts<SuffixCut> out;
  auto inflections = [&](std::size_t end, std::uint8_t singles, bool after_pronoun) {
    for (std::size_t i = 0; i < kInflectionCodes.size(); ++i) {
      const Letters& s = kInflectionCodes[i];
      if (kInflections[i].after_pronoun_only && !after_pronoun) continue;
      if (!ends_at(c, end, 2, s)) continue;
      // A piece of a longer ending is not an ending: the ا of وا, the ن of ون ين ان.
      const std::uint8_t before = c[end - s.len - 1];
      if (kGuardWholeEnding && s.len == 1 &&
          ((s.c[0] == kAlef && before == kWaw) ||
           (s.c[0] == 0x46 && (before == kWaw || before == kYa || before == kAlef))))
        continue;
      out.add({static_cast<std::uint8_t>(end - s.len), s.c[0] == kWaw || s.c[0] == kYa,
               static_cast<std::uint8_t>(singles + (s.len == 1 ? 1 : 0)), kInflections[i].subject,
               kInflections[i].verb_only, kInflections[i].consonantal,
               end == n && s.len == 2 && s.c[0] == kAlef && s.c[1] == 0x46});
    }
  };
  out.add({static_cast<std::uint8_t>(n), false, 0, false, false, false});
  inflections(n, 0, false);
  for (const Letters& p : kPronounCodes) {
    if (!ends_at(c, n, 2, p)) continue;
    const auto singles = static_cast<std::uint8_t>(p.len == 1 ? 1 : 0);
    out.add({static_cast<std::uint8_t>(n - p.len), false, singles, false, false, false});
    inflections(n - p.len, singles, true);
  }
  return out;
}

bool guard_ok(PatternGuard g, bool imperfect) noexcept {
  switch (g) {
    case PatternGuard::kNone: return true;
    case PatternGuard::kAfterImperfect:
    case PatternGuard::kNotHamzaFirst: return imperfect;
    case PatternGuard::kNotImperfect: return !imperfect;
    case PatternGuard::kEmphaticFirst:
    case PatternGuard::kDentalFirst: return true;         // checked on the radicals (radical_guard_ok)
    case PatternGuard::kWawWrittenYa: return !imperfect;  // a noun; its ي is checked in match_patterns
    case PatternGuard::kAssimilatedFirst:
    case PatternGuard::kYaForFirst: return !imperfect;
  }
  return true;
}

// The guards that depend on the radicals a pattern found.
bool radical_guard_ok(PatternGuard g, std::uint8_t first) noexcept {
  constexpr std::uint8_t kSad = 0x35, kDad = 0x36, kTah = 0x37, kZah = 0x38, kDal = 0x2F, kThal = 0x30, kZain = 0x32;
  if (g == PatternGuard::kEmphaticFirst) return first == kSad || first == kDad || first == kTah || first == kZah;
  if (g == PatternGuard::kDentalFirst) return first == kDal || first == kThal || first == kZain;
  if (g == PatternGuard::kNotHamzaFirst) return first != kAlef && first != kHamza;
  return true;
}

// Matches letters [b, e) against the patterns; writes the radicals of the
// first attested one: its root by the lexicon, or (`by_stem`) the remainder
// itself, when it is a dictionary word.
template <std::size_t N>
bool match_patterns(const std::array<PatternCode, N>& pats, const std::uint8_t* c, std::size_t b, std::size_t e,
                    bool imperfect, bool by_stem, bool truncated, std::uint8_t (&r)[3]) noexcept {
  const std::size_t len = e - b;
  for (const PatternCode& p : pats) {
    if (p.form.len != len || !guard_ok(p.guard, imperfect)) continue;
    std::uint8_t got[3] = {0, 0, 0};
    bool ok = true;
    for (std::size_t k = 0; k < len && ok; ++k) {
      const std::uint8_t want = p.form.c[k];
      if (want >= 1 && want <= 3) {
        got[want - 1] = c[b + k];
      } else {
        ok = c[b + k] == want;
      }
    }
    if (!ok) continue;
    if (truncated) got[2] = kYa;  // the lost third radical of a defective root
    if (p.guard == PatternGuard::kWawWrittenYa) {
      if (got[0] != kYa) continue;
      got[0] = kWaw;  // ميزان: the ي is the root's و (kWawWrittenYa)
    }
    if (first_stood_in(p.guard)) {
      // The radical the ت or ي stands for is و or a hamza, whichever the lexicon has;
      // a weak ع or ل leaves too many readings (اتلو is I recite, اتاح is تيح).
      if (is_weak(got[1]) || is_weak(got[2])) continue;
      // The three letters in a row must be a dictionary base form (a noun
      // entry: the masdar وصل, اخذ), and for form VIII ت + the two not (تبع,
      // ترب keep their ت; a ي-initial root is rare enough: يمن is a noun,
      // yet ايمان is امن).
      auto entry = [](std::uint8_t r1, std::uint8_t r2, std::uint8_t r3) {
        const std::uint8_t w[3] = {r1, r2, r3};
        char buf[2 * kMaxLetters];
        return stem_detail::lexicon_noun_entry(spell(w, 3, buf));
      };
      if (p.guard == PatternGuard::kAssimilatedFirst && entry(kTa, got[1], got[2])) continue;
      got[0] = entry(kWaw, got[1], got[2]) ? kWaw : entry(kAlef, got[1], got[2]) ? kAlef : 0;
      if (got[0] == 0) continue;
    }
    if (got[0] == 0 || got[1] == 0 || got[2] == 0 || !radical_guard_ok(p.guard, got[0])) continue;
    if (by_stem ? !stem_known(c + b, len) : (kGuardAttestedRoot && !root_attested(got[0], got[1], got[2]))) continue;
    r[0] = got[0];
    r[1] = got[1];
    r[2] = got[2];
    return true;
  }
  return false;
}

// Two letters left: one radical is hidden. Readings in the order of
// root_rules.h, each only when the lexicon attests the word it implies.
bool two_letter_root(std::uint8_t a, std::uint8_t b, const Reading& x, std::uint8_t (&r)[3]) noexcept {
  auto has3 = [](std::uint8_t p, std::uint8_t q, std::uint8_t z) {
    // An initial hamza is written ا in the dictionary (يؤتوا: ءت, from اتي).
    const std::uint8_t w[3] = {p == kHamza ? kAlef : p, q, z};
    return lex_has(w, 3);
  };
  auto set = [&r](std::uint8_t p, std::uint8_t q, std::uint8_t z) {
    r[0] = p;
    r[1] = q;
    r[2] = z;
    return true;
  };
  const bool defective = kTwoLetterDefective && (has3(a, b, kAlef) || has3(a, b, kYa));
  const bool hollow = kTwoLetterHollow && (has3(a, kAlef, b) || has3(a, kWaw, b) || has3(a, kYa, b));
  const bool assimilated = kTwoLetterAssimilated && has3(kWaw, a, b);
  const bool doubled = kTwoLetterDoubled && !x.unmerged && has3(a, b, b);
  if (x.weak_suffix && defective) return set(a, b, kYa);  // رموا, يدعون: the suffix followed a weak radical
  // After a person prefix or a perfect's subject ending the word is a verb,
  // and two letters are most often a hollow one (يكن, كنتم, قلنا); otherwise
  // a noun, and two letters are a doubled one (رب, ربكم, كل, بكل, حق).
  if (x.verbal) {
    if (hollow) return set(a, kWaw, b);
    if (assimilated) return set(kWaw, a, b);
    if (defective) return set(a, b, kYa);
    return doubled ? set(a, b, b) : false;
  }
  if (doubled) return set(a, b, b);
  if (hollow) return set(a, kWaw, b);
  if (assimilated) return set(kWaw, a, b);
  if (defective) return set(a, b, kYa);
  return false;
}

constexpr auto kVerbEndingCodes = [] {
  std::array<Letters, std::size(kVerbEndings)> r{};
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = encode(kVerbEndings[i]);
  return r;
}();

// Whether letters [end, n) are a verb's ending and object pronoun that
// `tail` allows (kVerbEndings): a jussive without its ى takes a plural or
// feminine ending, or ه alone (يره; ترك is a word), and after the future س
// only the indicative ون ين ن.
bool verb_tail_ok(const std::uint8_t* c, std::size_t end, std::size_t n, ShortTail tail, bool future) noexcept {
  constexpr std::uint8_t kNun = 0x46, kHa = 0x47;
  if (end == n) return tail != ShortTail::kEnding;
  if (tail == ShortTail::kNone) return false;
  for (const Letters& v : kVerbEndingCodes) {
    if (!starts_at(c, n, end, v)) continue;
    const std::size_t at = end + v.len;
    const bool wa = v.len == 2 && v.c[0] == kWaw && v.c[1] == kAlef, waw = v.len == 1 && v.c[0] == kWaw;
    bool pronoun = false;
    if (at < n) {
      for (const Letters& p : kPronounCodes) pronoun = pronoun || (p.len == n - at && starts_at(c, n, at, p));
      if (!pronoun || wa) continue;
    } else if (waw || v.len == 0) {
      continue;  // و only before a pronoun; no ending at all was handled above
    }
    if (tail != ShortTail::kJussive) return true;
    const bool indicative = v.len > 0 && v.c[v.len - 1] == kNun;
    if (future ? indicative : (v.len > 0 && (v.c[0] == kWaw || v.c[0] == kYa || v.c[0] == kNun))) return true;
    if (!future && v.len == 0 && n - at == 1 && c[at] == kHa) return true;  // يره
  }
  return false;
}

// A verb that lost a radical irregularly (kShortStems): [و/ف] [س/ل] person
// prefix, then the short stem, then an ending its tail allows (verb_tail_ok).
bool short_stem_root(std::string_view word, const std::uint8_t* c, std::size_t n, std::uint8_t (&r)[3]) noexcept {
  constexpr std::uint8_t kSin = 0x33, kNun = 0x46;
  const bool noun = stem_detail::lexicon_noun_entry(word) ||
                    (n > 2 && (c[0] == kWaw || c[0] == kFa) && stem_detail::lexicon_noun_entry(word.substr(2)));
  for (std::size_t e = 0; e < std::size(kShortStems); ++e) {
    const ShortStem& s = kShortStems[e];
    if (s.imperfect && noun) continue;  // فتره, تره are nouns, not ف/ت + ر + ه
    const Letters stem = encode(s.stem);
    for (std::size_t b0 = 0; b0 <= 1; ++b0) {
      if (b0 == 1 && !(n > 1 && (c[0] == kWaw || c[0] == kFa))) break;
      for (std::size_t b1 = b0; b1 <= b0 + 1 && b1 < n; ++b1) {
        if (b1 > b0 && !(s.imperfect && (c[b0] == kSin || c[b0] == kLam))) break;
        std::size_t at = b1;
        if (s.imperfect) {
          const std::uint8_t f = c[b1];
          if (f != kYa && f != kTa && f != kNun && f != kAlef) continue;
          ++at;
        }
        if (!starts_at(c, n, at, stem)) continue;
        const std::size_t end = at + stem.len;
        const bool future = b1 > b0 && c[b0] == kSin;
        if (!verb_tail_ok(c, end, n, s.tail, future)) continue;
        r[0] = code_at(s.root, 0);
        r[1] = code_at(s.root, 2);
        r[2] = code_at(s.root, 4);
        return true;
      }
    }
  }
  return false;
}

std::size_t find_fixed(std::string_view w) noexcept {
  const int i = stem_detail::find_key(kFixedRootSlots, kFixedRootKeys, w);
  return i < 0 ? static_cast<std::size_t>(-1) : static_cast<std::size_t>(i);
}

}  // namespace

Root RootAnalyzer::root(std::string_view word) const noexcept {
  Root none;
  if (word.size() < 4 || word.size() % 2 != 0 || word.size() > 2 * kMaxLetters) return none;
  std::uint8_t c[kMaxLetters];
  const std::size_t n = word.size() / 2;
  for (std::size_t i = 0; i < n; ++i) {
    const auto b0 = static_cast<unsigned char>(word[2 * i]);
    const auto b1 = static_cast<unsigned char>(word[2 * i + 1]);
    if (b0 != 0xD8 && b0 != 0xD9) return none;
    if ((b1 & 0xC0u) != 0x80u) return none;
    c[i] = code_at(word, 2 * i);
    if (c[i] < kHamza || c[i] > kYa) return none;  // Arabic letters only (no digits, no marks)
  }

  // Whole words, as is and after a conjunction (وهو, فالله).
  for (std::size_t skip = 0; skip <= 1; ++skip) {
    if (skip == 1 && !(n >= 3 && (c[0] == kWaw || c[0] == 0x41))) break;
    const std::string_view w = word.substr(2 * skip);
    if (stem_detail::find_key(kNoRootSlots, kNoRootKeys, w) >= 0) return none;
    const std::size_t f = find_fixed(w);
    if (f != static_cast<std::size_t>(-1)) {
      const std::string_view r = kFixedRoots[f].root;
      return canonical(code_at(r, 0), code_at(r, 2), code_at(r, 4));
    }
  }

  const Cuts<PrefixCut> pre = prefix_cuts(c, n, kFreeClitics && !stem_detail::lexicon_has(word));
  const Cuts<SuffixCut> suf = suffix_cuts(c, n);

  std::uint8_t r[3];
  if (short_stem_root(word, c, n, r)) return canonical(r[0], r[1], r[2]);

  // Readings with the fewest single-letter pieces first; among those, the
  // most letters stripped first (a longer affix explains more of the word).
  const bool article_word = kArticleFirst && n >= 4 && c[0] == kAlef && c[1] == kLam;
  // Two-letter remainders come after every longer one of the same cost: a
  // hidden radical is the last explanation to reach for.
  auto each_reading = [&](auto&& try_reading) {
    for (std::size_t singles = 0; singles <= 6; ++singles)
      for (const bool two : {false, true})
        for (std::size_t k = n - 2 + 1; k-- > 0;)
          for (std::size_t i = 0; i < pre.n; ++i)
            for (std::size_t j = 0; j < suf.n; ++j) {
              const PrefixCut& p = pre.v[i];
              const SuffixCut& s = suf.v[j];
              const std::size_t cost = p.singles + s.singles + (article_word && p.at == 0 ? 1 : 0);
              if (s.end < p.at + 2 || p.at + (n - s.end) != k || cost != singles) continue;
              if ((s.end - p.at == 2) != two) continue;
              // The article and the prepositions govern nouns, never a verb's
              // subject ending (كفروا is not ك + فروا) — kGuardNominalNotVerb.
              if (kGuardNominalNotVerb && p.nominal && s.verb_only) continue;
              if (try_reading(Reading{p.at, s.end, p.imperfect, s.weak, p.imperfect || s.verb_subject || s.consonantal,
                                      s.consonantal, s.dual}))
                return true;
            }
    return false;
  };

  // A word the lexicon lists as a verb form, starting with a person prefix,
  // is an imperfect: its first letter is not radical (يقول is ي + قول, not
  // the pattern فعول over ي ق ل) — kGuardVerbFormKeepsPrefix.
  auto verb_form_with_prefix = [&](const Reading& x) {
    if (!kGuardVerbFormKeepsPrefix || x.imperfect) return false;
    const std::uint8_t f = c[x.begin];
    if (f != kYa && f != kTa && f != 0x46 && f != kAlef) return false;
    auto verb_form = [](std::string_view w) {
      return stem_detail::lexicon_find(stem_detail::fnv64_extend(stem_detail::kFnv64Offset, w)) ==
             stem_detail::Lexical::kVerbForm;
    };
    // Two letters starting with ا are as often a hamza-initial root (ادى) as "I".
    if (f == kAlef && x.end - x.begin == 2) return false;
    return verb_form(word.substr(2 * x.begin, 2 * (x.end - x.begin)));
  };

  auto hollow_feminine = [&](const Reading& x) {
    if (!kGuardHollowFeminine || x.end - x.begin != 4) return false;
    const std::uint8_t* w = c + x.begin;
    if (w[1] != kAlef || w[3] != kTa || !lex_has(w, 3)) return false;
    return !stem_detail::lexicon_noun_entry(word.substr(2 * x.begin, 8));
  };

  if (each_reading([&](const Reading& x) {
        // A listed ا… verb form may be form VIII (اتخذ, اتصل) rather than "I …".
        if (verb_form_with_prefix(x))
          return c[x.begin] == kAlef && match_patterns(kAssimilatedCodes, c, x.begin, x.end, false, false, false, r);
        if (x.end - x.begin == 2) return two_letter_root(c[x.begin], c[x.begin + 1], x, r);
        if (hollow_feminine(x)) return false;
        if (!match_patterns(kPatternCodes, c, x.begin, x.end, x.imperfect, false, false, r)) return false;
        // ان that a pattern of the whole explains as well (kGuardPatternOverDual):
        // ايمان is the masdar of امن, not a dual of ايم; ميزان of وزن, not of ميز.
        if (kGuardPatternOverDual && x.dual && x.end - x.begin == 3) {
          // An initial hamza is a full consonant; a و or ي in any place, and
          // ا or ء after the first, are where a hidden or shifted letter is.
          auto weak = [](const std::uint8_t(&q)[3]) {
            return (q[0] == kWaw || q[0] == kYa) + is_weak(q[1]) + is_weak(q[2]);
          };
          std::uint8_t whole[3];
          if (weak(r) > 0 && match_patterns(kPatternCodes, c, x.begin, x.end + 2, x.imperfect, false, false, whole) &&
              weak(whole) < weak(r))
            for (int i = 0; i < 3; ++i) r[i] = whole[i];
        }
        return true;
      }))
    return canonical(r[0], r[1], r[2]);

  if (each_reading([&](const Reading& x) {
        if (x.end - x.begin < 3) return false;
        return match_patterns(kDefectiveCodes, c, x.begin, x.end, x.imperfect, false, true, r);
      }))
    return canonical(r[0], r[1], r[2]);

  if (kAttestedByStem && each_reading([&](const Reading& x) {
        if (x.end - x.begin < 4 || verb_form_with_prefix(x)) return false;
        return match_patterns(kPatternCodes, c, x.begin, x.end, x.imperfect, true, false, r);
      }))
    return canonical(r[0], r[1], r[2]);
  return none;
}

}  // namespace fahras
