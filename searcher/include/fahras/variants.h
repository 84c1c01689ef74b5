// Spelling variants of names and loanwords: ترامب/ترمب, بوتين/بوتن,
// جوجل/غوغل, أمريكا/أميركا, عبدالله/عبد الله. Arabic writes foreign words
// in several ways (a long vowel for a foreign short one or not, غ ج ق or گ
// for g, ...); a reader takes them for one name, a search engine must too.
//
// The rules are data (tables in variants.cc, one reason each).
// generate() lists the candidate spellings of one normalised word, pure and
// without a database; the QueryBuilder keeps those the database's vocabulary
// holds (Database::get_termfreq, so sharded and remote databases work the
// same) and ORs their stems under the typed word's at a reduced weight
// (RankingOptions::variant_weight), so the spelling typed ranks first.
//
// Guard: the long-vowel and letter rules join ordinary Arabic words too
// (كتاب/كتب, امير/امر, جمل/غمل), so they are applied only when neither
// spelling is ordinary Arabic: not a dictionary word (lexicon.h), nor is its
// stem. Names and loanwords are what the dictionary lacks.
//
// Thread safety: pure functions over constant tables.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/function_ref.h"

namespace fahras::variants {

enum class Rule : std::uint8_t {
  kLongVowel,    // ا و ي written or not: ترامب/ترمب, بوتين/بوتن
  kLetter,       // one foreign sound, several letters: g غ/ج/ق/گ, v ف/ڤ, p ب/پ
  kAlternation,  // a known pair of spellings: أمريكا/أميركا, أوروبا/أوربا
  kSplit,        // a compound written joined, searched apart: عبدالله -> عبد الله
  kJoin,         // a compound written apart, searched joined: عبد الله -> عبدالله
};

std::string_view to_string(Rule r);

struct Variant {
  std::string word;  // normalised; a space separates the two words of a split
  Rule rule;
};

// Words shorter than this (in letters) get no long-vowel or letter variant:
// too many short words lie one vowel apart (لوس/لويس, دبي/ديبي).
inline constexpr unsigned kMinLetters = 4;

// True when a normalised word is ordinary Arabic (the guard above). The
// caller decides how; the searcher uses is_ordinary_arabic.
using IsOrdinary = function_ref<bool(std::string_view)>;

// The searcher's guard: `word` or its `stem` (the database's stemmer) is a
// dictionary word (lexicon.h). When the stem is the word without a first
// ب ف ك ل or و, the stem counts only if the database holds it, as written,
// in more passages than the word (`passages`: exact-form
// frequency): تقديم is far more frequent than وتقديم, but وتين is not than
// بوتين, which the light stemmer reads as ب + وتين (issue 17).
bool is_ordinary_arabic(std::string_view word, std::string_view stem,
                        function_ref<std::uint64_t(std::string_view)> passages);

// The candidate spellings of `norm` (one normalised word), each once, not
// `norm` itself, in a stable order. Nothing for a word that is not all
// Arabic letters.
std::vector<Variant> generate(std::string_view norm, IsOrdinary ordinary);

// The joined spelling of two consecutive normalised words when they form a
// compound (عبد + الله -> عبدالله), else empty.
std::string joined(std::string_view first, std::string_view second);

}  // namespace fahras::variants
