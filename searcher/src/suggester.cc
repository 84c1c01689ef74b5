#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

#include <unicode/utf8.h>

#include "fahras/error.h"
#include "fahras/normalizer.h"
#include "fahras/schema.h"
#include "fahras/stopwords.h"
#include "fahras/suggester.h"

namespace fahras {
namespace spelling {
namespace {

// The letters normalised Arabic text is written with (normalizer.h folds أ إ
// آ ٱ to ا, ؤ ئ to ء, ة to ه and ى to ي, so those never reach here).
constexpr std::array<char32_t, 29> kAlphabet = {U'ء', U'ا', U'ب', U'ت', U'ث', U'ج', U'ح', U'خ', U'د', U'ذ',
                                                U'ر', U'ز', U'س', U'ش', U'ص', U'ض', U'ط', U'ظ', U'ع', U'غ',
                                                U'ف', U'ق', U'ك', U'ل', U'م', U'ن', U'ه', U'و', U'ي'};

int letter_index(char32_t c) {
  for (std::size_t i = 0; i < kAlphabet.size(); ++i)
    if (kAlphabet[i] == c) return static_cast<int>(i);
  return -1;
}

// Costs, cheapest first; a plain edit (kOther) costs 1.
constexpr double kHamzaCost = 0.3;       // ء and its seats are written every which way
constexpr double kLongVowelCost = 0.4;   // ا و ي are left out or added in casual writing
constexpr double kDoubledCost = 0.4;     // shadda written out as a second letter, or a key bounced
constexpr double kSoundAlikeCost = 0.5;  // letters merged in speech
constexpr double kKeyboardCost = 0.6;    // a neighbouring key
constexpr double kSwapCost = 0.6;        // two keys pressed in the wrong order
constexpr double kSplitCost = 0.6;       // a space missed, or typed inside a word
constexpr double kOtherCost = 1.0;
// A candidate known only by its stem (its clitic form is not in the
// database) is less certain than one seen as written.
constexpr double kStemOnlyCost = 0.2;
// Writers seldom get a word's first letter wrong: replacing it or swapping it
// (غسوة read as اسوة rather than غزوة) costs this much more. Dropping or
// adding one does not: a leading letter is often a clitic (لاوراسيا).
constexpr double kFirstLetterCost = 0.3;

// Letters users confuse because they sound alike (in MSA or in dialect), each
// with its reason. Symmetric.
struct LetterPair {
  char32_t a, b;
  const char* why;
};
constexpr LetterPair kSoundAlike[] = {
    {U'ذ', U'ز', "ذ is said z in much of the Arab world (الذكاء/الزكاء)"},
    {U'ذ', U'د', "ذ is said d in Egypt and the Levant (هذا/هدا)"},
    {U'ث', U'س', "ث is said s (ثورة/سورة)"},
    {U'ث', U'ت', "ث is said t (ثلاثة/تلاتة)"},
    {U'ظ', U'ض', "ظ and ض merged in most dialects"},
    {U'ظ', U'ز', "ظ is said as an emphatic z (ظريف/زريف)"},
    {U'ظ', U'ذ', "ظ is the emphatic of ذ"},
    {U'ص', U'س', "emphatic and plain s"},
    {U'ض', U'د', "emphatic and plain d"},
    {U'ط', U'ت', "emphatic and plain t"},
    {U'ق', U'ك', "q and k, close in place and in loanwords"},
    {U'ق', U'غ', "q is said g in the Gulf; g in loanwords (غوغل/قوقل)"},
    {U'ج', U'غ', "g in loanwords is written ج or غ (جوجل/غوغل)"},
    {U'ق', U'ء', "q is said as a glottal stop in Cairo and the Levant"},
    {U'ح', U'ه', "both are h sounds"},
    {U'ع', U'ء', "both are glottal; ع is dropped by non-native writers"},
    {U'ع', U'ا', "the same merge once أ is folded to ا (أمر for عمر)"},
    {U'س', U'ز', "s and z differ only in voicing; loanwords waver (ماليزيا/ماليسيا)"},
};

// ة is said t before a following noun (مدرسة الملك: madrasat), so users type
// ت for it; normalised ة is ه, and only a word's last letter is ة.
constexpr LetterPair kFinalTaMarbuta = {U'ت', U'ه', "ة said t in a construct, typed ت (مدرست for مدرسة)"};

// Hamza written on the line or on a seat letter: the seat is the letter a
// user who does not type ء writes instead.
constexpr LetterPair kHamzaSeats[] = {
    {U'ء', U'ا', "ء written as its seat alef (سماء/سماا is rare, ءامن/امن is common)"},
    {U'ء', U'و', "ؤ (normalised ء) typed as و (مسؤول/مسوول)"},
    {U'ء', U'ي', "ئ (normalised ء) typed as ي (رئيس/رييس)"},
};

// The Arabic (101) keyboard, rows as typed, after normalisation (ئ ؤ -> ء,
// ى -> ي, ة -> ه); 0 is the لا key, which types two letters. A home-row key
// at column c lies under top-row keys c and c+1, a bottom-row key under
// home-row keys c and c+1.
constexpr char32_t kTopRow[] = {U'ض', U'ص', U'ث', U'ق', U'ف', U'غ', U'ع', U'ه', U'خ', U'ح', U'ج', U'د'};
constexpr char32_t kHomeRow[] = {U'ش', U'س', U'ي', U'ب', U'ل', U'ا', U'ت', U'ن', U'م', U'ك', U'ط'};
constexpr char32_t kBottomRow[] = {U'ء', U'ء', U'ء', U'ر', 0, U'ي', U'ه', U'و', U'ز', U'ظ'};
constexpr char32_t kBacktick = U'ذ';  // left of 1, next to the ض key

struct CostTable {
  double sub[kAlphabet.size()][kAlphabet.size()];
  Slip slip[kAlphabet.size()][kAlphabet.size()];
  bool keyboard[kAlphabet.size()][kAlphabet.size()];
};

const CostTable& costs() {
  static const CostTable table = [] {
    CostTable t{};
    const std::size_t n = kAlphabet.size();
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        t.sub[i][j] = i == j ? 0 : kOtherCost;
        t.slip[i][j] = Slip::kOther;
        t.keyboard[i][j] = false;
      }
    auto cheaper = [&](char32_t a, char32_t b, double cost, Slip slip) {
      const int i = letter_index(a), j = letter_index(b);
      if (i < 0 || j < 0 || i == j) return;
      for (auto [x, y] : {std::pair{i, j}, std::pair{j, i}}) {
        if (cost < t.sub[x][y]) {
          t.sub[x][y] = cost;
          t.slip[x][y] = slip;
        }
      }
    };
    auto key = [&](char32_t a, char32_t b) {
      const int i = letter_index(a), j = letter_index(b);
      if (i < 0 || j < 0 || i == j) return;
      t.keyboard[i][j] = t.keyboard[j][i] = true;
      cheaper(a, b, kKeyboardCost, Slip::kKeyboard);
    };
    auto row = [&](const char32_t* r, std::size_t len) {
      for (std::size_t c = 0; c + 1 < len; ++c)
        if (r[c] && r[c + 1]) key(r[c], r[c + 1]);
    };
    auto below = [&](const char32_t* lower, std::size_t ln, const char32_t* upper, std::size_t un) {
      for (std::size_t c = 0; c < ln; ++c) {
        if (!lower[c]) continue;
        if (c < un && upper[c]) key(lower[c], upper[c]);
        if (c + 1 < un && upper[c + 1]) key(lower[c], upper[c + 1]);
      }
    };
    row(kTopRow, std::size(kTopRow));
    row(kHomeRow, std::size(kHomeRow));
    row(kBottomRow, std::size(kBottomRow));
    below(kHomeRow, std::size(kHomeRow), kTopRow, std::size(kTopRow));
    below(kBottomRow, std::size(kBottomRow), kHomeRow, std::size(kHomeRow));
    key(kBacktick, kTopRow[0]);
    for (const auto& p : kSoundAlike) cheaper(p.a, p.b, kSoundAlikeCost, Slip::kSoundAlike);
    for (const auto& p : kHamzaSeats) cheaper(p.a, p.b, kHamzaCost, Slip::kHamza);
    return t;
  }();
  return table;
}

bool is_long_vowel(char32_t c) { return c == U'ا' || c == U'و' || c == U'ي'; }

// Cost and kind of deleting letters[i] (the user typed it, the word lacks it).
std::pair<double, Slip> deletion(const std::u32string& w, std::size_t i) {
  const char32_t c = w[i];
  if ((i > 0 && w[i - 1] == c) || (i + 1 < w.size() && w[i + 1] == c)) return {kDoubledCost, Slip::kDoubled};
  if (c == U'ء') return {kHamzaCost + 0.1, Slip::kHamza};
  if (is_long_vowel(c)) return {kLongVowelCost, Slip::kLongVowel};
  // A key pressed with its neighbour: the extra letter sits next to the key meant.
  const CostTable& t = costs();
  const int k = letter_index(c);
  for (const std::size_t n : {i - 1, i + 1}) {
    if (n >= w.size()) continue;  // i - 1 wraps for i == 0
    const int m = letter_index(w[n]);
    if (k >= 0 && m >= 0 && t.keyboard[k][m]) return {kKeyboardCost + 0.1, Slip::kKeyboard};
  }
  return {kOtherCost, Slip::kOther};
}

std::string utf8(const std::u32string& s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (const char32_t c : s) {
    char buf[4];
    std::size_t n = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<std::uint8_t*>(buf), n, 4, static_cast<UChar32>(c), error);
    if (!error) out.append(buf, n);
  }
  return out;
}

// Code points of valid UTF-8; false on invalid input.
bool decode(std::string_view s, std::u32string& out) {
  out.clear();
  std::int32_t i = 0;
  const auto n = static_cast<std::int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(s.data()), i, n, c);
    if (c < 0) return false;
    out.push_back(static_cast<char32_t>(c));
  }
  return true;
}

// A rare word one sound-alike letter (kSoundAlike) from a stop word, where
// the stop word has ذ ث or ظ and the typed word the letter it is spoken as
// (ذ as د or ز, ث as ت or س, ظ as ض or ز), is that stop word misspelt: الدي
// for الذي, لمادا for لماذا, مند for منذ. No other slip is trusted to turn a
// word into a particle: a long vowel dropped made particles of names (ليكي
// -> لكي, ليم -> لم, the console الوي -> الي), and another sound-alike pair
// one of a name (ليزت -> ليست).
bool spoken_interdental(std::string_view typed, const Edit& stop) {
  std::u32string t, w;
  if (stop.slip != Slip::kSoundAlike || !decode(typed, t) || !decode(stop.word, w) || t.size() != w.size())
    return false;
  const auto [ti, wi] = std::mismatch(t.begin(), t.end(), w.begin());
  auto interdental = [](char32_t c) { return c == U'ذ' || c == U'ث' || c == U'ظ'; };
  return ti != t.end() && interdental(*wi) && !interdental(*ti);
}

}  // namespace

std::string_view to_string(Slip s) {
  switch (s) {
    case Slip::kLongVowel: return "long vowel";
    case Slip::kDoubled: return "doubled letter";
    case Slip::kHamza: return "hamza";
    case Slip::kSoundAlike: return "sound-alike letter";
    case Slip::kKeyboard: return "neighbouring key";
    case Slip::kSwap: return "swapped letters";
    case Slip::kSplit: return "words run together";
    case Slip::kJoin: return "word split";
    case Slip::kOther: return "other";
  }
  return "other";
}

double substitution_cost(char32_t from, char32_t to) {
  if (from == to) return 0;
  const int i = letter_index(from), j = letter_index(to);
  if (i < 0 || j < 0) return kOtherCost;
  return costs().sub[i][j];
}

double insertion_cost(char32_t letter, char32_t before, char32_t after) {
  if (letter == before || letter == after) return kDoubledCost;
  if (letter == U'ء') return kHamzaCost + 0.1;
  if (is_long_vowel(letter)) return kLongVowelCost;
  const int k = letter_index(letter);
  const CostTable& t = costs();
  for (const char32_t n : {before, after}) {
    const int m = letter_index(n);
    if (k >= 0 && m >= 0 && t.keyboard[k][m]) return kKeyboardCost + 0.1;
  }
  return kOtherCost;
}

std::vector<Edit> one_slip(std::string_view norm, double max_cost, bool arabic_costs, bool splits) {
  std::u32string w;
  if (!decode(norm, w) || w.empty()) return {};
  for (const char32_t c : w)
    if (letter_index(c) < 0) return {};
  // Every letter of the alphabet is two bytes of UTF-8 (U+0621..U+064A), so
  // letter i of the word is norm's bytes 2i and 2i + 1, and a candidate is
  // cut and spliced from norm's bytes: about 500 candidates per word, each
  // decoded, edited and re-encoded one code point at a time cost more than
  // looking them up (callgrind, docs/performance.md).
  const CostTable& t = costs();
  std::vector<Edit> all;
  all.reserve(w.size() * 60 + 8);
  std::string cand;
  cand.reserve(norm.size() + 2);
  auto letter_bytes = [](char32_t c, char* out) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
  };
  auto offer = [&](double cost, Slip slip) {
    if (!arabic_costs) cost = kOtherCost;  // plain Damerau-Levenshtein, for measurement
    if (cost > max_cost) return;
    all.push_back(Edit{cand, cost, slip});
  };
  const std::size_t n = w.size();
  // The typed word has an extra letter.
  for (std::size_t i = 0; i < n; ++i) {
    if (n < 2) break;
    cand.assign(norm.data(), 2 * i).append(norm.data() + 2 * i + 2, 2 * (n - i - 1));
    const auto [cost, slip] = deletion(w, i);
    offer(cost, slip);
  }
  // The typed word lacks a letter.
  for (std::size_t i = 0; i <= n; ++i) {
    const char32_t before = i > 0 ? w[i - 1] : 0, after = i < n ? w[i] : 0;
    cand.assign(norm.data(), 2 * i).append(2, '\0').append(norm.data() + 2 * i, 2 * (n - i));
    for (const char32_t c : kAlphabet) {
      const double cost = insertion_cost(c, before, after);
      if (arabic_costs && cost > max_cost) continue;
      letter_bytes(c, &cand[2 * i]);
      const Slip slip = c == before || c == after ? Slip::kDoubled
                        : c == U'ء'               ? Slip::kHamza
                        : is_long_vowel(c)        ? Slip::kLongVowel
                        : cost < kOtherCost       ? Slip::kKeyboard
                                                  : Slip::kOther;
      offer(cost, slip);
    }
  }
  // A wrong letter.
  for (std::size_t i = 0; i < n; ++i) {
    const int from = letter_index(w[i]);
    cand.assign(norm.data(), norm.size());
    for (std::size_t j = 0; j < kAlphabet.size(); ++j) {
      if (static_cast<int>(j) == from || (arabic_costs && t.sub[from][j] > max_cost)) continue;
      letter_bytes(kAlphabet[j], &cand[2 * i]);
      offer(t.sub[from][j] + (i == 0 ? kFirstLetterCost : 0), t.slip[from][j]);
    }
  }
  // The last letter: ت typed for ة (ه once normalised), or the reverse.
  if (n >= 3) {
    const char32_t last = w.back();
    const LetterPair& p = kFinalTaMarbuta;
    if (last == p.a || last == p.b) {
      cand.assign(norm.data(), norm.size());
      letter_bytes(last == p.a ? p.b : p.a, &cand[2 * (n - 1)]);
      offer(kSoundAlikeCost, Slip::kSoundAlike);
    }
  }
  // Two letters swapped.
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (w[i] == w[i + 1]) continue;
    cand.assign(norm.data(), norm.size());
    std::swap(cand[2 * i], cand[2 * i + 2]);
    std::swap(cand[2 * i + 1], cand[2 * i + 3]);
    offer(kSwapCost + (i == 0 ? kFirstLetterCost : 0), Slip::kSwap);
  }
  // Two words run together: both parts at least two letters.
  for (std::size_t i = 2; splits && i + 2 <= n; ++i) {
    cand.assign(norm.data(), 2 * i).append(1, ' ').append(norm.data() + 2 * i, 2 * (n - i));
    offer(kSplitCost, Slip::kSplit);
  }
  // Each word once, with its cheapest cost (the first offered of equal
  // ones), in the words' byte order, not a hash map's: candidates of equal
  // score (the runner-up's ties) then fall alike on every platform and build.
  // (Indices are sorted, the offer order breaking ties: cheaper than moving
  // the candidates in a stable sort.)
  std::vector<std::uint32_t> order(all.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const int c = all[a].word.compare(all[b].word);
    return c < 0 || (c == 0 && (all[a].cost < all[b].cost || (all[a].cost == all[b].cost && a < b)));
  });
  std::vector<Edit> out;
  out.reserve(order.size());
  for (const std::uint32_t i : order)
    if (out.empty() || out.back().word != all[i].word) out.push_back(std::move(all[i]));
  return out;
}

}  // namespace spelling

void SpellingOptions::switch_off(std::string_view parts) {
  for (std::size_t at = 0; at < parts.size();) {
    std::size_t comma = parts.find(',', at);
    if (comma == std::string_view::npos) comma = parts.size();
    const std::string_view part = parts.substr(at, comma - at);
    if (part == "arabic-costs") arabic_costs = false;
    else if (part == "splits") splits = false;
    else if (part == "stems") by_stem = false;
    else if (part == "second") runner_up_margin = -1;
    else if (part == "stopwords") stop_words = false;
    else if (part == "context") context = false;
    else
      throw UsageError("--spelling-without takes arabic-costs, splits, stems, second, stopwords or context, not \"" +
                       std::string(part) + "\"");
    at = comma + 1;
  }
}

SpellingMode parse_spelling_mode(std::string_view s) {
  if (s == "off") return SpellingMode::kOff;
  if (s == "suggest") return SpellingMode::kSuggest;
  if (s == "relax") return SpellingMode::kRelax;
  throw std::invalid_argument("unknown spelling mode \"" + std::string(s) + "\" (off, suggest or relax)");
}

namespace {

using spelling::Edit;
using spelling::Slip;

// Code points in valid UTF-8 (counting lead bytes).
std::size_t letters(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The stemmer cut most of a long word (باللاتينه -> لا, بالالاتينه -> الا):
// such a stem is shared by thousands of unrelated words, so its passage count
// says nothing about this one.
bool stem_says_little(std::string_view word, std::string_view stem) {
  const std::size_t w = letters(word), s = letters(stem);
  return (s < 3 && w >= 5) || 3 * s < w;
}

// The suggestion as the user would write it: the typed letters (with their
// hamza seats, ة and ى, marks) kept where they agree with the normalised
// candidate, only the changed middle taken from it.
std::string display_form(std::string_view typed_raw, const std::string& candidate) {
  std::u32string raw, cand;
  if (!spelling::decode(typed_raw, raw) || !spelling::decode(candidate, cand)) return candidate;
  // Each raw code point with the letters it normalises to (marks: none).
  struct Piece {
    std::size_t raw_begin, raw_end;    // bytes
    std::size_t norm_begin, norm_end;  // letters
  };
  std::vector<Piece> pieces;
  std::u32string norm, piece_norm;
  std::size_t byte = 0;
  for (const char32_t c : raw) {
    const std::string one = spelling::utf8(std::u32string(1, c));
    spelling::decode(normalize(one), piece_norm);
    pieces.push_back({byte, byte + one.size(), norm.size(), norm.size() + piece_norm.size()});
    norm += piece_norm;
    byte += one.size();
  }
  std::size_t p = 0;
  while (p < norm.size() && p < cand.size() && norm[p] == cand[p]) ++p;
  std::size_t s = 0;
  while (s < norm.size() - p && s < cand.size() - p && norm[norm.size() - 1 - s] == cand[cand.size() - 1 - s]) ++s;
  // Raw bytes for the first letters up to p (with the marks on them) and
  // from the letter that starts the last s; a piece of two letters (لا)
  // across either edge is taken from the candidate.
  std::size_t prefix_end = 0, prefix_letters = 0;
  for (const Piece& pc : pieces) {
    if (pc.norm_end > p) break;
    if (pc.norm_end > pc.norm_begin || p > 0) {
      prefix_end = pc.raw_end;
      prefix_letters = pc.norm_end;
    }
  }
  std::size_t suffix_begin = byte, suffix_letters = 0;
  for (const Piece& pc : pieces) {
    if (pc.norm_end > pc.norm_begin && pc.norm_begin >= norm.size() - s && pc.raw_begin >= prefix_end) {
      suffix_begin = pc.raw_begin;
      suffix_letters = norm.size() - pc.norm_begin;
      break;
    }
  }
  if (prefix_letters + suffix_letters > cand.size()) return candidate;
  std::string out(typed_raw.substr(0, prefix_end));
  out += spelling::utf8(cand.substr(prefix_letters, cand.size() - prefix_letters - suffix_letters));
  out.append(typed_raw.substr(suffix_begin));
  return out;
}

struct QueryWord {
  std::string norm, stem;
  std::uint32_t begin, end;
  bool arabic, stopword, syntax;        // syntax: a field, wildcard or operator word
  Xapian::doccount frequency = 0;       // passages holding the word as typed
  Xapian::doccount stem_frequency = 0;  // passages holding its stem
};

bool is_operator_word(std::string_view w) {
  return w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ";
}

// Boolean operators, phrases, fields, wildcards, love/hate: the query is not
// a plain bag of words, so only absent words are replaced.
bool has_syntax(std::string_view q, const std::vector<QueryWord>& words) {
  for (const QueryWord& w : words)
    if (w.syntax) return true;
  for (const char c : q)
    if (c == '"' || c == '(' || c == ')' || c == '*' || c == ':' || c == '+' || c == '-') return true;
  return q.find("\xC2\xAB") != std::string_view::npos || q.find("\xE2\x80\x9C") != std::string_view::npos;
}

}  // namespace

Suggester::Suggester(Xapian::Database db, Analyzer& analyzer, SpellingOptions options, bool local)
    : db_(std::move(db)), analyzer_(analyzer), options_(options), local_(local) {}

bool SpellingOptions::operator==(const SpellingOptions& o) const {
  return mode == o.mode && rare_passages == o.rare_passages && rare_scale_passages == o.rare_scale_passages &&
         min_ratio == o.min_ratio && cost_weight == o.cost_weight && max_cost == o.max_cost &&
         min_letters == o.min_letters && runner_up_margin == o.runner_up_margin && arabic_costs == o.arabic_costs &&
         splits == o.splits && by_stem == o.by_stem && stop_words == o.stop_words && context == o.context &&
         context_common_ratio == o.context_common_ratio;
}

void Suggester::set_options(const SpellingOptions& options) {
  // The mode only decides what suggest() does with the candidates
  // (fahras-serve takes it per request).
  SpellingOptions same_mode = options;
  same_mode.mode = options_.mode;
  if (same_mode != options_) best_.clear();
  options_ = options;
}

void Suggester::forget() {
  forget_answers();
  vocabulary_.reset();
  vocabulary_tried_ = false;
  word_look_ups_ = 0;
}

void Suggester::forget_answers() {
  exact_.clear();
  best_.clear();
}

void Suggester::maybe_read_vocabulary() {
  if (vocabulary_tried_ || !local_) return;
  const std::uint64_t words = std::uint64_t{kWordsPerPassage} * db_.get_doccount();
  if (std::uint64_t{word_look_ups_} * kWordsReadPerLookUp < words) return;
  vocabulary_tried_ = true;  // a database above Vocabulary::kMaxWords is not read twice
  vocabulary_ = Vocabulary::read(db_);
}

Xapian::doccount Suggester::termfreq(const std::string& term) {
  ++look_ups_;
  return db_.get_termfreq(term);
}

Xapian::doccount Suggester::exact_frequency(const std::string& word) {
  if (vocabulary_)
    if (const auto f = vocabulary_->frequency(word)) return *f;
  // One hash of the word whether it is known or not.
  const auto [it, fresh] = exact_.try_emplace(word, 0);
  if (!fresh) return it->second;
  try {
    it->second = termfreq(schema::kExactPrefix.empty() ? word : std::string(schema::kExactPrefix) + word);
  } catch (...) {
    exact_.erase(it);
    throw;
  }
  const Xapian::doccount f = it->second;
  ++word_look_ups_;
  maybe_read_vocabulary();
  return f;
}

// Xapian's B-tree keeps the blocks its last lookup read and reads a block
// again only when a lookup needs another one, so looking the candidates up
// in key order lets neighbouring words share their blocks. Over 300 ARCD
// questions on ARCD + SaudiNewsNet articles-00, the searches' block reads
// (pread) fell from 152,839 to 124,154; the suggester's share from 49,269
// to 20,584 (strace -c, fahras-search-latency --spelling relax vs off).
void Suggester::look_up_in_key_order(const std::vector<Edit>& edits) {
  // one_slip gives each word once, in byte order: the terms' key order.
  for (const Edit& e : edits)
    if (e.cost <= options_.max_cost && e.word.find(' ') == std::string::npos && !is_stopword(e.word))
      exact_frequency(e.word);
}

Xapian::doccount Suggester::phrase_frequency(const std::string& a, const std::string& b) {
  const std::string terms[] = {std::string(schema::kStemPrefix) + std::string(analyzer_.stem(a)),
                               std::string(schema::kStemPrefix) + std::string(analyzer_.stem(b))};
  Xapian::Enquire enquire(db_);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, std::begin(terms), std::end(terms), 2));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  // Counted exactly up to kPhraseCount: enough to rank candidates.
  constexpr Xapian::doccount kPhraseCount = 1000;
  return enquire.get_mset(0, 0, kPhraseCount).get_matches_estimated();
}

Xapian::doccount Suggester::count_beside(const std::string& term, const std::vector<std::string>& context,
                                         Xapian::doccount limit) {
  // A leapfrog over the posting lists: the term's passages are walked, each
  // context list skipped to the next of them, and the term's list skipped
  // past every passage no context word is in. Cheaper than a matcher
  // (Enquire) for the few dozen postings a rare word has, and it stops at
  // `limit`. A remote shard would send every posting list whole, so with
  // one the count is a match, which runs where the shard is.
  if (!local_) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(term),
                                    Xapian::Query(Xapian::Query::OP_OR, context.begin(), context.end())));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    // With checkatleast = limit the matcher counts every match below it.
    return enquire.get_mset(0, 0, limit).get_matches_lower_bound();
  }
  const Xapian::PostingIterator end;
  Xapian::PostingIterator it = db_.postlist_begin(term);
  std::vector<Xapian::PostingIterator> others;
  others.reserve(context.size());
  for (const std::string& t : context) others.push_back(db_.postlist_begin(t));
  Xapian::doccount n = 0;
  while (it != end) {
    const Xapian::docid d = *it;
    Xapian::docid next = 0;  // the least passage after d that a context word is in
    bool beside = false;
    for (Xapian::PostingIterator& o : others) {
      if (o == end) continue;
      o.skip_to(d);
      if (o == end) continue;
      if (*o == d) {
        beside = true;
        break;
      }
      if (next == 0 || *o < next) next = *o;
    }
    if (beside) {
      if (++n >= limit) break;
      ++it;
    } else if (next == 0) {
      break;
    } else {
      it.skip_to(next);
    }
  }
  return n;
}

bool Suggester::context_keeps_typed(const std::string& typed, Xapian::doccount typed_frequency,
                                    const std::string& candidate, const std::vector<std::string>& context) {
  // The typed word is rare, so its passages are few and counted exactly.
  const Xapian::doccount typed_with = count_beside(std::string(schema::kExactPrefix) + typed, context, typed_frequency);
  // Never written beside the other words: nothing speaks for it.
  if (typed_with == 0) return false;
  const auto needed = static_cast<Xapian::doccount>(std::ceil(options_.min_ratio * typed_with));
  // Counting stops at `needed`: a candidate that is at home among the
  // other words is found quickly.
  return written_with(candidate, context, needed) < needed;
}

Xapian::doccount Suggester::written_with(const std::string& word, const std::vector<std::string>& context,
                                         Xapian::doccount limit) {
  // A candidate known only by its stem (a clitic form the database lacks)
  // is counted by its stem.
  return count_beside(exact_frequency(word) > 0 ? std::string(schema::kExactPrefix) + word
                                                : std::string(schema::kStemPrefix) + std::string(analyzer_.stem(word)),
                      context, limit);
}

namespace {

// Counting stops here: beyond it a candidate is plainly at home among the
// query's words, and counting further costs time for no other choice.
constexpr Xapian::doccount kContextCountLimit = 200;
// A candidate's count beside the other words is smoothed by this share of
// its count in the whole archive: with no candidate written beside them,
// frequency decides as without context. Far below the 5% or so of passages
// that hold an uncommon word by chance, so a candidate written beside the
// query's words outweighs a frequent one that is not.
constexpr double kContextSmoothing = 0.01;

}  // namespace

void Suggester::rank_in_context(const std::vector<Candidate>& top, const std::vector<std::string>& context, Edit& best,
                                Xapian::doccount& frequency, Edit& runner_up) {
  // The noisy channel given the query: P(candidate | other words) goes with
  // the passages holding both, so they replace the archive-wide frequency.
  std::size_t b = top.size(), s = top.size();
  double b_score = 0, s_score = 0;
  std::vector<Xapian::doccount> with(top.size());
  auto score_of = [&](std::size_t k, Xapian::doccount beside) {
    return std::log(static_cast<double>(beside) + kContextSmoothing * static_cast<double>(top[k].frequency)) -
           options_.cost_weight * top[k].edit.cost;
  };
  const double margin = std::max(0.0, options_.runner_up_margin);
  for (std::size_t k = 0; k < top.size(); ++k) {
    // Not counted when even the most it could count leaves it below the
    // best so far by more than the margin: it can be neither the best nor a
    // close second (the answer is the same, for fewer counts).
    if (b != top.size() && score_of(k, kContextCountLimit) < b_score - margin) continue;
    with[k] = written_with(top[k].edit.word, context, kContextCountLimit);
    const double score = score_of(k, with[k]);
    if (b == top.size() || score > b_score) {
      s = b;
      s_score = b_score;
      b = k;
      b_score = score;
    } else if (s == top.size() || score > s_score) {
      s = k;
      s_score = score;
    }
  }
  if (b == top.size()) return;
  best = top[b].edit;
  frequency = top[b].frequency;
  // The second is searched too only when it is close, and written beside
  // the other words whenever the best one is.
  const bool close = s != top.size() && s_score >= b_score - options_.runner_up_margin &&
                     (with[s] > 0 || with[b] == 0) &&
                     std::string(analyzer_.stem(top[s].edit.word)) != analyzer_.stem(best.word);
  runner_up = close ? top[s].edit : Edit{"", 0, Slip::kOther};
}

Xapian::doccount Suggester::stem_frequency(std::string_view norm) {
  return termfreq(std::string(schema::kStemPrefix) + std::string(analyzer_.stem(norm)));
}

namespace {

// ال and one letter: never a word a split could mean (الو, الب).
bool article_and_one_letter(std::string_view w) {
  constexpr std::string_view kArticle = "\u0627\u0644";
  return w.size() <= kArticle.size() + 2 && w.substr(0, kArticle.size()) == kArticle;
}

}  // namespace

Edit Suggester::best_for(std::string_view norm, Xapian::doccount typed_frequency, Xapian::doccount stem_frequency,
                         Xapian::doccount* frequency, spelling::Edit* runner_up, std::vector<Candidate>* top) {
  // A rare word costs hundreds of look-ups; a query stream repeats its rare
  // words (names above all), so each word's answer is kept (best_).
  if (exact_.size() + best_.size() > kMemoEntries) forget_answers();
  const auto known = best_.find(std::string(norm));
  if (known != best_.end() && known->second.typed_frequency == typed_frequency &&
      known->second.stem_frequency == stem_frequency) {
    if (frequency) *frequency = known->second.frequency;
    if (runner_up) *runner_up = known->second.runner_up;
    if (top) *top = known->second.top;
    return known->second.best;
  }
  Xapian::doccount best_freq = 0;
  Edit second{"", 0, Slip::kOther};
  std::vector<Candidate> ranked;
  Edit best = find_best(norm, typed_frequency, stem_frequency, best_freq, second, ranked);
  if (frequency) *frequency = best_freq;
  if (runner_up) *runner_up = second;
  if (top) *top = ranked;
  best_[std::string(norm)] = Best{typed_frequency, stem_frequency, best_freq, best, second, std::move(ranked)};
  return best;
}

Edit Suggester::find_best(std::string_view norm, Xapian::doccount typed_frequency, Xapian::doccount stem_frequency,
                          Xapian::doccount& frequency, spelling::Edit& runner_up, std::vector<Candidate>& top) {
  const std::string typed_stem(analyzer_.stem(norm));
  // Any known word beats one whose stem the database has never seen.
  const double floor = stem_frequency == 0 ? 1 : options_.min_ratio * std::max<double>(1, typed_frequency);
  const std::vector<Edit> edits = spelling::one_slip(norm, options_.max_cost, options_.arabic_costs, options_.splits);
  look_up_in_key_order(edits);
  Edit best{"", 0, Slip::kOther}, second{"", 0, Slip::kOther}, stop{"", 0, Slip::kOther};
  double best_score = 0, second_score = 0, stop_score = 0;
  std::vector<std::pair<double, Candidate>> scored;  // one-word candidates, for `top`
  Xapian::doccount best_freq = 0, stop_freq = 0;
  // Passages holding `w` as written; with by_stem, failing that, passages
  // holding its stem (a clitic form the database lacks: وبالذكاء). A
  // candidate with the typed word's stem would match nothing new.
  auto frequency_of = [&](const std::string& w, bool by_stem) -> Xapian::doccount {
    Xapian::doccount f = exact_frequency(w);
    if (f > 0 || by_stem) {
      const std::string stem(analyzer_.stem(w));
      if (stem == typed_stem) return 0;
      if (f == 0) {
        if (stem_says_little(w, stem)) return 0;
        f = termfreq(std::string(schema::kStemPrefix) + stem);
      }
    }
    return f;
  };
  // First the words as written; only when none is known (and the typed
  // word matches nothing), by stem, at a little more cost.
  for (const bool by_stem : {false, true}) {
    // Nor when the typed word's own stem is known: an unseen form of a word
    // the database holds (كلابهم, of كلاب) is not a slip for a form nobody
    // wrote of another word (كلعبهم, of لعب). On ARCD's slipped questions
    // this took away only wrong suggestions (docs/searching.md).
    if (by_stem && (!best.word.empty() || typed_frequency > 0 || stem_frequency > 0 || !options_.by_stem)) break;
    const double extra = by_stem ? spelling::kStemOnlyCost : 0;
    for (const Edit& e : edits) {
      if (e.cost + extra > options_.max_cost) continue;
      Xapian::doccount f = 0;
      const std::size_t space = e.word.find(' ');
      if (space != std::string::npos) {
        // A word the database holds is rarely two words run together
        // (عاشوراء is not عاش وراء), nor is a form of a word it holds
        // (يهاجمه, of هاجم, is not يها جمه): only a word whose stem matches
        // nothing is split. Each part that is not a particle has three
        // letters or more.
        if (typed_frequency > 0 || stem_frequency > 0) continue;
        const std::string a = e.word.substr(0, space), b = e.word.substr(space + 1);
        const bool stop_a = is_stopword(a), stop_b = is_stopword(b);
        if ((stop_a && stop_b) || (!stop_a && a.size() < 6) || (!stop_b && b.size() < 6)) continue;
        // Nor is a part the article before one letter: الوالدين is not الو الدين.
        if (article_and_one_letter(a) || article_and_one_letter(b)) continue;
        if (frequency_of(a, by_stem) == 0 || frequency_of(b, by_stem) == 0) continue;
        // How often the two are written together: a particle makes any
        // split look frequent (اليابن is not الي ابن). Both parts are
        // known, so it counts at least once (questions run a question word
        // into the next one: متىاستقلت).
        f = std::max<Xapian::doccount>(1, phrase_frequency(a, b));
        if (static_cast<double>(f) < floor) f = static_cast<Xapian::doccount>(std::ceil(floor));
      } else if (is_stopword(e.word)) {
        // A stop word is never searched, so it is no candidate; but when the
        // cheapest explanation of the typed word is a misspelt stop word
        // (it outscores every other candidate below), the word is that.
        if (by_stem || !options_.stop_words || !spelling::spoken_interdental(norm, e)) continue;
        const Xapian::doccount sf = exact_frequency(e.word);
        if (sf == 0 || static_cast<double>(sf) < floor) continue;
        const double score = std::log(static_cast<double>(sf)) - options_.cost_weight * e.cost;
        if (stop.word.empty() || score > stop_score) {
          stop = e;
          stop_score = score;
          stop_freq = sf;
        }
        continue;
      } else {
        f = frequency_of(e.word, by_stem);
      }
      if (f == 0 || static_cast<double>(f) < floor) continue;
      const double score = std::log(static_cast<double>(f)) - options_.cost_weight * (e.cost + extra);
      if (space == std::string::npos) scored.push_back({score, Candidate{Edit{e.word, e.cost + extra, e.slip}, f}});
      if (best.word.empty() || score > best_score || (score == best_score && e.word < best.word)) {
        if (!best.word.empty()) {
          second = best;
          second_score = best_score;
        }
        best = e;
        best.cost += extra;
        best_score = score;
        best_freq = f;
      } else if (second.word.empty() || score > second_score) {
        second = e;
        second.cost += extra;
        second_score = score;
      }
    }
  }
  // Best first; equal scores in word order, as above.
  const std::size_t keep = std::min(scored.size(), kContextCandidates);
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep), scored.end(),
                    [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first > b.first : a.second.edit.word < b.second.edit.word;
                    });
  top.clear();
  for (std::size_t k = 0; k < keep; ++k) top.push_back(std::move(scored[k].second));
  if (!stop.word.empty() && (best.word.empty() || stop_score > best_score)) {
    top.clear();
    frequency = stop_freq;
    runner_up = Edit{"", 0, Slip::kOther};
    return stop;
  }
  frequency = best_freq;
  // A runner-up with the best one's stem would search the same term twice.
  const bool close = !second.word.empty() && second_score >= best_score - options_.runner_up_margin &&
                     second.word.find(' ') == std::string::npos && best.word.find(' ') == std::string::npos &&
                     std::string(analyzer_.stem(second.word)) != analyzer_.stem(best.word);
  runner_up = close ? second : Edit{"", 0, Slip::kOther};
  return best;
}

Suggestion Suggester::suggest(std::string_view raw) {
  Suggestion out;
  if (options_.mode == SpellingMode::kOff) return out;
  std::vector<QueryWord> words;
  analyzer_.analyze(raw, [&](const AnalyzedToken& t) {
    QueryWord w{
        std::string(t.norm), std::string(t.stem), t.begin, t.end, t.script == TokenScript::kArabic, t.stopword, false};
    // "title:word", "word*" and operator words are syntax, not words to correct.
    const std::string_view before = raw.substr(0, t.begin), after = raw.substr(t.end);
    if ((!before.empty() && before.back() == ':') || (!after.empty() && after.front() == '*') ||
        is_operator_word(raw.substr(t.begin, t.end - t.begin)))
      w.syntax = true;
    words.push_back(std::move(w));
  });
  const bool syntax = has_syntax(raw, words);

  auto candidate_word = [&](const QueryWord& w) {
    return w.arabic && !w.stopword && !w.syntax && letters(w.norm) >= options_.min_letters;
  };
  const double scale =
      std::min(1.0, static_cast<double>(db_.get_doccount()) / std::max<double>(1, options_.rare_scale_passages));
  const auto rare_limit = static_cast<Xapian::doccount>(std::floor(options_.rare_passages * scale));
  std::vector<char> rare(words.size(), 0);
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!candidate_word(words[i])) continue;
    words[i].frequency = exact_frequency(words[i].norm);
    if (words[i].frequency > rare_limit) continue;
    words[i].stem_frequency = termfreq(std::string(schema::kStemPrefix) + words[i].stem);
    rare[i] = 1;
  }

  // The stem terms of the query's words that are not common, with each
  // word's index: read once a query, when a rare word first needs them.
  std::optional<std::vector<std::pair<std::size_t, std::string>>> topic;
  auto topic_terms = [&]() -> const std::vector<std::pair<std::size_t, std::string>>& {
    if (topic) return *topic;
    topic.emplace();
    const double common = options_.context_common_ratio * static_cast<double>(db_.get_doccount());
    for (std::size_t j = 0; j < words.size(); ++j) {
      if (words[j].stopword || words[j].syntax || words[j].stem.empty()) continue;
      std::string term = std::string(schema::kStemPrefix) + words[j].stem;
      // A rare word's stem frequency is already read.
      const Xapian::doccount f = rare[j] ? words[j].stem_frequency : termfreq(term);
      if (f > 0 && static_cast<double>(f) < common) topic->emplace_back(j, std::move(term));
    }
    return *topic;
  };

  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!rare[i]) continue;
    const QueryWord& w = words[i];
    const Xapian::doccount typed = w.frequency;
    Xapian::doccount freq = 0;
    Edit runner_up;
    std::vector<Candidate> top;
    Edit best = best_for(w.norm, typed, w.stem_frequency, &freq, &runner_up, &top);
    double best_score = best.word.empty() ? 0 : std::log(static_cast<double>(freq)) - options_.cost_weight * best.cost;
    // One word typed as two: this word joined with the next (or the previous).
    std::uint32_t begin = w.begin, end = w.end;
    bool joined = false, joined_next = false;
    for (const std::size_t j : {i + 1, i - 1}) {
      if (!options_.splits || j >= words.size() || !words[j].arabic || words[j].syntax) continue;
      const std::size_t a = std::min(i, j), b = std::max(i, j);
      const std::string_view gap = raw.substr(words[a].end, words[b].begin - words[a].end);
      if (gap.find_first_not_of(' ') != std::string_view::npos) continue;
      const std::string whole = words[a].norm + words[b].norm;
      const Xapian::doccount f = exact_frequency(whole);
      if (f == 0 || (w.stem_frequency > 0 && static_cast<double>(f) < options_.min_ratio * std::max<double>(1, typed)))
        continue;
      const double score = std::log(static_cast<double>(f)) - options_.cost_weight * spelling::kSplitCost;
      if (best.word.empty() || score > best_score) {
        best = Edit{whole, spelling::kSplitCost, Slip::kJoin};
        best_score = score;
        freq = f;
        begin = words[a].begin;
        end = words[b].end;
        joined = true;
        joined_next = j == i + 1;
        runner_up = Edit{"", 0, Slip::kOther};
      }
    }
    if (best.word.empty()) continue;
    // The query's other words that are not common, by their stems:
    // what the query is about (SpellingOptions::context).
    std::vector<std::string> context;
    if (options_.context && !joined && best.word.find(' ') == std::string::npos)
      for (const auto& [j, term] : topic_terms())
        if (j != i) context.push_back(term);
    if (!context.empty() && !is_stopword(best.word)) {
      // Which of the word's best candidates the query is about: the one
      // written beside its other words (محفظ beside نجيب is محفوظ, not محافظ).
      if (top.size() > 1) rank_in_context(top, context, best, freq, runner_up);
      // The same min_ratio among the passages of the query's topic: a real
      // word that is rare overall (الدودية, السل) is common beside its
      // neighbours, and an unrelated frequent word one slip away is not.
      if (typed > 0 && context_keeps_typed(w.norm, typed, best.word, context)) continue;
    }
    if (!out.words.empty() && begin < out.words.back().end) continue;  // overlaps the previous pair
    WordCorrection c;
    c.begin = begin;
    c.end = end;
    c.typed = std::string(raw.substr(begin, end - begin));
    c.suggested = joined ? best.word : display_form(c.typed, best.word);
    c.slip = best.slip;
    c.cost = best.cost;
    c.frequency = freq;
    c.absent = w.stem_frequency == 0;
    c.stopword = !joined && is_stopword(best.word);
    c.also = runner_up.word;
    out.words.push_back(std::move(c));
    if (joined_next) ++i;
  }
  if (out.words.empty()) return out;

  // A misspelt stop word is left out only while another word remains to
  // search: a query of that word alone keeps it.
  std::size_t content_words = 0;
  for (const QueryWord& w : words) content_words += !w.stopword && !w.syntax;
  std::string corrected, relaxed;
  bool relaxes = false;
  std::size_t at = 0;
  for (const WordCorrection& c : out.words) {
    corrected.append(raw.substr(at, c.begin - at));
    relaxed.append(raw.substr(at, c.begin - at));
    corrected += c.suggested;
    const std::string also = syntax || c.also.empty() ? std::string() : " " + c.also;
    if (c.stopword) {
      const bool drop = !syntax && content_words > 1;
      relaxed += drop ? c.suggested : c.typed;
      relaxes = relaxes || drop;
    } else if (c.absent) {
      relaxed += c.suggested + also;
      relaxes = true;
    } else if (!syntax) {
      relaxed += c.typed + " " + c.suggested + also;
      relaxes = true;
    } else {
      relaxed += c.typed;
    }
    at = c.end;
  }
  corrected.append(raw.substr(at));
  relaxed.append(raw.substr(at));
  out.corrected = std::move(corrected);
  if (relaxes && options_.mode == SpellingMode::kRelax) out.relaxed = std::move(relaxed);
  return out;
}

}  // namespace fahras
