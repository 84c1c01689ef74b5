// Names at search time (issue 17): a word the light stemmer would damage is
// searched as the name it is, by the statistics of the database searched.
//
// The stemmer reads a name's first letter as a clitic when the rest is a
// dictionary word (بوتين -> ب + وتين, باول -> ب + اول), and no lexicon can
// tell: وتين and اول are nouns, and names are not in it. The collection can:
// a name is frequent as written, and the rest, as a written form of its own,
// is rare there (بوتين in 288 passages of SaudiNewsNet, وتين in 1), while a
// real clitic form is rarer than its rest (بمجلس 193, مجلس 8,119).
//
// Every fahras database already holds each normalised word form as an
// exact-form term (schema.h), with its passage count (termfreq), so nothing
// is added at index time and the index and the queries cannot disagree: the
// searcher asks the database it searches (sharded and remote databases
// alike), and searches a name by its exact forms (بوتين لبوتين ببوتين
// وبوتين ...) instead of its damaged stem (وتين).
//
// Pure functions; the database is seen through the `passages` callback
// (the number of passages holding a normalised form as written).
// Thread safety: pure functions over constant tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/function_ref.h"

namespace fahras::names {

// A word is a name when it is written in at least min_passages passages
// and the rest its stem was cut from is written, as a word of its own, in
// fewer than max_rest_share of that many. The defaults were chosen from the
// counts of SaudiNewsNet's normalised forms (stemmer/README.md, "Names"),
// before any gold was looked at: a name is hardly ever the rest of anything
// (بوتين 288 / وتين 1, برس 258 / رس 1), a clitic form's rest is more
// frequent than the form itself (بمجلس 193 / مجلس 8,119, لبوتين 6 / بوتين
// 288), and "rest rarer than the form" alone would keep بسبب (4,494 / سبب
// 843) whole. Five passages: below that a share says little. The README's
// sensitivity check varies both (fahras-search --name-thresholds).
//
// ف and ك come before a word about ten times less often than و ب ل: over the
// normalised forms of ARCD + all of SaudiNewsNet written in at least 50
// passages, the form with ك is at most 4.4% as frequent as the form without
// it for 99% of them (ف 5.6%), where و ب ل reach 75%, 46% and 77%
// (docs/searching.md, "Names at search time"). So a form in ف or ك is a
// name at a rest share rare_clitic_factor times as large (0.5: كيم 39 /
// يم 4, فهيد 64 / هيد 4), capped at 1 (the rest rarer than the form).
struct Thresholds {
  std::uint64_t min_passages = 5;
  double max_rest_share = 0.05;
  double rare_clitic_factor = 10;
};

// The rest share allowed after `clitic` (the letters that came off: "ب",
// "وب", ...): max_rest_share, or for ف and ك alone that times
// rare_clitic_factor, at most 1.
double max_rest_share(std::string_view clitic, const Thresholds& t = {});

// The proclitics a name is written with: a preposition or conjunction of
// one letter, or و/ف before ب ل ك (as scripts/eval-stem counts them).
inline constexpr std::string_view kClitics[] = {"و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"};

using Passages = function_ref<std::uint64_t(std::string_view)>;
using StemOf = function_ref<std::string(std::string_view)>;

// What `stem` kept of `word` when it lost the word's first two letters (and
// does not begin, for a word in ال, with the two letters after ال) by a
// proclitic (kClitics) coming off: `word` without it (بوتين, وتين ->
// وتين; وبوتين, وتين -> وتين), or with the article the stemmer also took
// for one (فالنسيا, نسي -> النسيا). Empty otherwise: when the stem kept the
// word's start, when what came off is no proclitic (the imperfect's ت in
// تحتل, whose rest حتل is never written alone, so its rarity says
// nothing), or when `word` is not all two-byte (Arabic) letters.
std::string_view damaged_rest(std::string_view word, std::string_view stem);

// The decision, on passage counts: the whole form frequent and the rest rare
// (under max_rest_share(clitic, t) of it).
bool whole_form_is_name(std::uint64_t whole, std::uint64_t rest, const Thresholds& t = {},
                        std::string_view clitic = {});

struct Name {
  std::string name;        // the name as written (normalised), without a clitic
  std::uint64_t passages;  // passages holding `name` as written
  std::string rest;        // what its stem kept of it (وتين for بوتين)
  std::uint64_t rest_passages;
};

// The name `word` (normalised) is, or is a clitic form of: `word` itself
// when its stem is damaged (damaged_rest) and whole_form_is_name; else
// `word` without a clitic (kClitics) when that is such a name and `word`
// is no more frequent than it (لبوتين -> بوتين, but not لبنان -> بنان).
std::optional<Name> find(std::string_view word, StemOf stem, Passages passages, const Thresholds& t = {});

// The forms `name` is searched by: itself and each clitic form the
// database holds that is no more frequent than the name (a more frequent
// one is a word of its own: لبنان is not ل + بنان).
std::vector<std::string> forms(const Name& name, Passages passages);

}  // namespace fahras::names
