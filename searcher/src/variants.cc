#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/lexicon.h"
#include "fahras/variants.h"

namespace fahras::variants {
namespace {

// Every letter of normalised Arabic is two bytes of UTF-8 (U+0600..U+06FF),
// so a word is worked on as a sequence of 2-byte letters.
using Letter = std::string_view;

// The long vowels, which transliteration writes for a foreign short vowel
// or leaves out: ترامب/ترمب, بوتين/بوتن, كلينتون/كلنتون, ميليشيات/مليشيات.
constexpr Letter kLongVowels[] = {"ا", "و", "ي"};

// Long vowels that are grammar, not spelling, even in a name's neighbour
// forms: never dropped or added here. `next` is the letter after the vowel;
// `next_last`: only when that letter ends the word.
struct GrammarVowel {
  Letter vowel, next;
  bool next_last;
  std::string_view reason;
};
constexpr GrammarVowel kGrammarVowels[] = {
    {"ي", "ه", true, "nisba before ta marbuta: السياديه is the adjective of السياده, اللياقيه of اللياقه"},
    {"ا", "ت", false, "feminine plural ات: علاقاتها is the plural of علاقتها"},
    {"ا", "ل", false, "the article ال after a clitic: والحكومه is not ولحكومه"},
};

// Letters that write one foreign sound; any may stand for another of its
// class. Each class with why.
struct LetterClass {
  Letter letters[4];
  std::size_t size;
  std::string_view reason;
};
constexpr LetterClass kLetterClasses[] = {
    {{"غ", "ج", "ق", "گ"}, 4, "g: Egyptian ج, Levantine and Gulf غ or ق, Persian گ (جوجل, غوغل, قوقل)"},
    {{"ف", "ڤ"}, 2, "v: ف, or ڤ with three dots (فولكس, ڤولكس)"},
    {{"ب", "پ"}, 2, "p: ب, or Persian پ (باريس, پاريس)"},
};

// Known pairs of spellings inside a word, each side matched anywhere in it
// (so derivatives and clitic forms follow: الأميركية, للأمريكيين).
struct Alternation {
  std::string_view a, b;
  std::string_view reason;
};
constexpr Alternation kAlternations[] = {
    {"امريك", "اميرك", "America: أمريكا (Egypt, the Gulf) and أميركا (the Levant, pan-Arab dailies)"},
    {"اوروب", "اورب", "Europe: أوروبا, and أوربا in the Maghreb"},
};

// The first word of a compound name, written joined to the next or apart:
// عبدالله / عبد الله, أبوظبي / أبو ظبي.
struct CompoundPart {
  std::string_view word;
  std::string_view reason;
};
constexpr CompoundPart kCompoundFirst[] = {
    {"عبد", "servant of: عبدالله, عبدالعزيز, عبدالرحمن"},
    {"ابو", "father of: أبوظبي, أبوبكر"},
};
// The second word of a compound name (a theophoric ending).
constexpr CompoundPart kCompoundLast[] = {
    {"الله", "of God: عبدالله, نصرالله, عطاالله"},
    {"الدين", "of the faith: نورالدين, صلاحالدين, علاءالدين"},
};

// The one-letter proclitics the light stemmer strips (prepositions and
// conjunctions); is_ordinary_arabic checks a stem made that way.
constexpr Letter kOneLetterProclitics[] = {"ب", "ف", "ك", "ل", "و"};

// A split's parts: the rest after a first part must be a word (3 letters
// or more), and a first part before a theophoric ending too (بالله and
// والله are a clitic and the word, not a compound).
constexpr std::size_t kMinPartLetters = 3;
constexpr std::string_view kArticle = "ال";

bool is_arabic_letter(unsigned char b0, unsigned char b1) {
  // U+0621..U+064A (ء..ي), and پ U+067E, ڤ U+06A4, گ U+06AF.
  const unsigned cp = ((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu);
  return (cp >= 0x0621 && cp <= 0x064A) || cp == 0x067E || cp == 0x06A4 || cp == 0x06AF;
}

// The word's letters, or false if it is not all Arabic letters.
bool letters_of(std::string_view w, std::vector<Letter>& out) {
  out.clear();
  if (w.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < w.size(); i += 2) {
    const auto b0 = static_cast<unsigned char>(w[i]), b1 = static_cast<unsigned char>(w[i + 1]);
    if ((b0 & 0xE0u) != 0xC0u || (b1 & 0xC0u) != 0x80u || !is_arabic_letter(b0, b1)) return false;
    out.push_back(w.substr(i, 2));
  }
  return true;
}

bool is_long_vowel(Letter l) {
  return std::find(std::begin(kLongVowels), std::end(kLongVowels), l) != std::end(kLongVowels);
}

// True when the long vowel at w[i] is grammar (kGrammarVowels), or the
// hamza seat of a word after the article (الاجماليه is not الجماليه).
bool grammatical(const std::vector<Letter>& w, std::size_t i) {
  if (i + 1 < w.size())
    for (const GrammarVowel& g : kGrammarVowels)
      if (w[i] == g.vowel && w[i + 1] == g.next && (!g.next_last || i + 2 == w.size())) return true;
  return i >= 2 && i <= 3 && w[i - 2] == "ا" && w[i - 1] == "ل";
}

const LetterClass* class_of(Letter l) {
  for (const LetterClass& c : kLetterClasses)
    if (std::find(c.letters, c.letters + c.size, l) != c.letters + c.size) return &c;
  return nullptr;
}

std::string join_letters(const std::vector<Letter>& ls) {
  std::string out;
  out.reserve(ls.size() * 2);
  for (Letter l : ls) out.append(l);
  return out;
}

std::size_t letter_count(std::string_view w) { return w.size() / 2; }

class Collector {
 public:
  Collector(std::string_view norm, IsOrdinary ordinary) : norm_(norm), ordinary_(ordinary) {}
  void add(std::string word, Rule rule, bool guarded) {
    if (word == norm_) return;
    if (std::any_of(out_.begin(), out_.end(), [&](const Variant& v) { return v.word == word; })) return;
    if (guarded && (letter_count(word) < kMinLetters || ordinary_(word))) return;
    out_.push_back({std::move(word), rule});
  }
  std::vector<Variant> take() { return std::move(out_); }

 private:
  std::string_view norm_;
  IsOrdinary ordinary_;
  std::vector<Variant> out_;
};

}  // namespace

std::string_view to_string(Rule r) {
  switch (r) {
    case Rule::kLongVowel: return "long vowel";
    case Rule::kLetter: return "letter";
    case Rule::kAlternation: return "spelling";
    case Rule::kSplit: return "compound apart";
    case Rule::kJoin: return "compound joined";
  }
  return "?";
}

std::vector<Variant> generate(std::string_view norm, IsOrdinary ordinary) {
  std::vector<Letter> ls;
  if (norm.empty() || !letters_of(norm, ls)) return {};
  Collector out(norm, ordinary);
  const std::size_t n = ls.size();

  // Rules that join ordinary words too: only for names and loanwords.
  if (n >= kMinLetters && !ordinary(norm)) {
    // A long vowel inside the word (never its first or last letter, which
    // are clitics and endings: وترامب, ترامبي) dropped, or added between
    // two letters that are not long vowels.
    for (std::size_t i = 1; i + 1 < n; ++i) {
      if (!is_long_vowel(ls[i]) || grammatical(ls, i)) continue;
      std::vector<Letter> v = ls;
      v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
      out.add(join_letters(v), Rule::kLongVowel, true);
    }
    for (std::size_t i = 1; i < n; ++i) {
      if (is_long_vowel(ls[i - 1]) || is_long_vowel(ls[i])) continue;
      for (Letter vowel : kLongVowels) {
        std::vector<Letter> v = ls;
        v.insert(v.begin() + static_cast<std::ptrdiff_t>(i), vowel);
        if (!grammatical(v, i)) out.add(join_letters(v), Rule::kLongVowel, true);
      }
    }
    // A letter of a class written as another of it: every such letter at
    // once (جوجل -> غوغل), and each alone (جوغل).
    for (const LetterClass& c : kLetterClasses) {
      const bool present = std::any_of(ls.begin(), ls.end(), [&](Letter l) { return class_of(l) == &c; });
      if (!present) continue;
      for (std::size_t k = 0; k < c.size; ++k) {
        std::vector<Letter> all = ls;
        for (Letter& l : all)
          if (class_of(l) == &c) l = c.letters[k];
        out.add(join_letters(all), Rule::kLetter, true);
        for (std::size_t i = 0; i < n; ++i) {
          if (class_of(ls[i]) != &c || ls[i] == c.letters[k]) continue;
          std::vector<Letter> one = ls;
          one[i] = c.letters[k];
          out.add(join_letters(one), Rule::kLetter, true);
        }
      }
    }
  }

  // Known alternations: specific enough to need no guard.
  for (const Alternation& alt : kAlternations) {
    for (const auto& [from, to] : {std::pair{alt.a, alt.b}, std::pair{alt.b, alt.a}}) {
      const std::size_t at = norm.find(from);
      if (at == std::string_view::npos) continue;
      std::string v(norm);
      v.replace(at, from.size(), to);
      out.add(std::move(v), Rule::kAlternation, false);
    }
  }

  // A compound written joined: searched apart too.
  for (const CompoundPart& first : kCompoundFirst) {
    if (norm.size() <= first.word.size() || norm.compare(0, first.word.size(), first.word) != 0) continue;
    const std::string_view rest = norm.substr(first.word.size());
    if (letter_count(rest) >= kMinPartLetters)
      out.add(std::string(first.word) + " " + std::string(rest), Rule::kSplit, false);
  }
  for (const CompoundPart& last : kCompoundLast) {
    if (norm.size() <= last.word.size() ||
        norm.compare(norm.size() - last.word.size(), last.word.size(), last.word) != 0)
      continue;
    const std::string_view head = norm.substr(0, norm.size() - last.word.size());
    // A name's first word has no article: الوالدين is "the parents", not الو الدين.
    if (letter_count(head) >= kMinPartLetters && head.substr(0, kArticle.size()) != kArticle)
      out.add(std::string(head) + " " + std::string(last.word), Rule::kSplit, false);
  }
  return out.take();
}

bool is_ordinary_arabic(std::string_view word, std::string_view stem,
                        function_ref<std::uint64_t(std::string_view)> passages) {
  if (is_dictionary_word(word)) return true;
  if (stem == word || stem.empty() || !is_dictionary_word(stem)) return false;
  const bool one_letter_off = word.size() == stem.size() + 2 && word.substr(2) == stem &&
                              std::find(std::begin(kOneLetterProclitics), std::end(kOneLetterProclitics),
                                        word.substr(0, 2)) != std::end(kOneLetterProclitics);
  return !one_letter_off || passages(stem) > passages(word);
}

std::string joined(std::string_view first, std::string_view second) {
  std::vector<Letter> scratch;
  if (!letters_of(first, scratch) || !letters_of(second, scratch)) return {};
  const bool first_part = std::any_of(std::begin(kCompoundFirst), std::end(kCompoundFirst),
                                      [&](const CompoundPart& p) { return p.word == first; });
  const bool last_part = std::any_of(std::begin(kCompoundLast), std::end(kCompoundLast),
                                     [&](const CompoundPart& p) { return p.word == second; });
  if (first_part && letter_count(second) >= kMinPartLetters) return std::string(first) + std::string(second);
  if (last_part && letter_count(first) >= kMinPartLetters) return std::string(first) + std::string(second);
  return {};
}

}  // namespace fahras::variants
