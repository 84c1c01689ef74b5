// The light stemmer's engine. The rules are data (stem_rules.h); this file
// only applies them in order: whole-word tables, prefixes, pronoun suffixes,
// inflection suffixes, feminine ه.
//
// It works on bytes. A word is stemmed only if it consists entirely of
// two-byte UTF-8 sequences in U+0600..U+06FF, so every Arabic letter is
// exactly two bytes and affixes can be compared with memcmp at even offsets.
// Anything else (Latin, digits, mixed or invalid UTF-8) is returned as is.
// The result is always a substring of the input, or of a static table entry.
#include "fahras/stemmer.h"

#include <cstddef>
#include <cstring>

#include "stem_rules.h"

namespace fahras {
namespace {

using stem_detail::Affix;
using stem_detail::Guard;

constexpr unsigned char kLead06 = 0xD9;  // lead byte of U+0640..U+067F
constexpr unsigned char kWaw = 0x88;     // و = D9 88
constexpr unsigned char kYa = 0x8A;      // ي = D9 8A

bool is_arabic_word(std::string_view w) noexcept {
  if (w.empty() || (w.size() & 1u) != 0) return false;
  for (std::size_t i = 0; i < w.size(); i += 2) {
    const auto b0 = static_cast<unsigned char>(w[i]);
    const auto b1 = static_cast<unsigned char>(w[i + 1]);
    if (b0 < 0xD8 || b0 > 0xDB || (b1 & 0xC0u) != 0x80u) return false;
  }
  return true;
}

// The part of the word still under consideration: bytes [s, e).
struct Span {
  const char* p;
  std::size_t s;
  std::size_t e;

  std::size_t letters() const noexcept { return (e - s) / 2; }
  std::string_view view() const noexcept { return {p + s, e - s}; }
  bool starts_with(std::string_view a) const noexcept {
    return e - s >= a.size() && std::memcmp(p + s, a.data(), a.size()) == 0;
  }
  bool ends_with(std::string_view a) const noexcept {
    return e - s >= a.size() && std::memcmp(p + e - a.size(), a.data(), a.size()) == 0;
  }
  // Letters left if `a` (which must match) were removed.
  std::size_t left_without(std::string_view a) const noexcept { return (e - s - a.size()) / 2; }
};

bool ends_like_noun(const Span& w) noexcept {
  return w.ends_with("ه") || w.ends_with("ات") || w.ends_with("ي") || w.ends_with("ا");
}

bool guard_allows(Guard g, const Span& w, bool suffix, std::size_t len) noexcept {
  switch (g) {
    case Guard::kNone:
      return true;
    case Guard::kNoNominalEnding:
      return !ends_like_noun(w);
    case Guard::kFourLetters:
      return w.letters() == 4;
    case Guard::kNotAfterLongVowel: {
      if (!suffix) return true;
      // The letter just before the suffix.
      const std::size_t at = w.e - len - 2;
      if (at < w.s) return true;
      const auto b0 = static_cast<unsigned char>(w.p[at]);
      const auto b1 = static_cast<unsigned char>(w.p[at + 1]);
      return !(b0 == kLead06 && (b1 == kWaw || b1 == kYa));
    }
  }
  return true;
}

template <std::size_t N>
const Affix* strip_prefix(Span& w, const Affix (&table)[N]) noexcept {
  for (const Affix& a : table) {
    if (w.starts_with(a.text) && w.left_without(a.text) >= a.min_stem &&
        guard_allows(a.guard, w, false, a.text.size())) {
      w.s += a.text.size();
      return &a;
    }
  }
  return nullptr;
}

template <std::size_t N>
const Affix* strip_suffix(Span& w, const Affix (&table)[N]) noexcept {
  for (const Affix& a : table) {
    if (w.ends_with(a.text) && w.left_without(a.text) >= a.min_stem &&
        guard_allows(a.guard, w, true, a.text.size())) {
      w.e -= a.text.size();
      return &a;
    }
  }
  return nullptr;
}

std::string_view stem_word(std::string_view word, bool use_plurals) noexcept;

// Whole-word tables: fixed stems, then broken plurals (whose result is the
// stem of the singular, computed without consulting the plural table again).
bool lookup_tables(std::string_view core, bool use_plurals, std::string_view& out) noexcept {
  using namespace stem_detail;
  if (core.size() < kTableMinBytes || core.size() > kTableMaxBytes) return false;
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

std::string_view stem_word(std::string_view word, bool use_plurals) noexcept {
  using namespace stem_detail;
  if (!is_arabic_word(word)) return word;
  std::string_view table_stem;
  if (lookup_tables(word, use_plurals, table_stem)) return table_stem;

  Span w{word.data(), 0, word.size()};

  // Prefixes: the article family, else a conjunction optionally followed by
  // the future particle or an imperfect frame.
  bool nominal = strip_prefix(w, kArticlePrefixes) != nullptr;
  bool verb = false;
  if (!nominal) {
    if (strip_prefix(w, kConjunctions) != nullptr &&
        lookup_tables(w.view(), use_plurals, table_stem))
      return table_stem;
    if (strip_prefix(w, kFuturePrefixes) != nullptr) verb = true;
  } else if (lookup_tables(w.view(), use_plurals, table_stem)) {
    return table_stem;
  }

  // Pronoun suffix, and what it hid (ة written ت, the plural verb's و).
  if (strip_suffix(w, kPronounSuffixes) != nullptr) {
    if (lookup_tables(w.view(), use_plurals, table_stem)) return table_stem;
    strip_suffix(w, kBeforePronoun);
  }

  if (verb) {
    strip_suffix(w, kVerbSubjectSuffixes);
    return w.view();
  }

  if (!nominal) {
    for (const auto& f : kImperfectFrames) {
      if (w.starts_with(f.prefix) && w.ends_with(f.suffix) &&
          (w.e - w.s - f.prefix.size() - f.suffix.size()) / 2 >= f.min_stem) {
        w.s += f.prefix.size();
        w.e -= f.suffix.size();
        return w.view();
      }
    }
    if (strip_prefix(w, kBareImperfect) != nullptr) return w.view();
  }

  strip_suffix(w, kInflectionSuffixes);
  strip_suffix(w, kFeminine);
  if constexpr (kStripNisba) strip_suffix(w, kNisba);
  return w.view();
}

}  // namespace

std::string_view LightStemmer::stem(std::string_view normalized_word) const noexcept {
  return stem_word(normalized_word, true);
}

}  // namespace fahras
