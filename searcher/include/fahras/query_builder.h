// Turns a user's query string into a ranked Xapian::Query over the fahras
// schema (schema.h), plus the term sets the snippet highlighter needs.
//
// Pipeline: pre-normalise (fahras::normalize; «» “” become ASCII quotes;
// the operator words AND OR NOT XOR NEAR ADJ are kept as typed), bound the
// size, then Xapian::QueryParser with the database's stemmer, STEM_ALL_Z,
// fahras's stop words and default operator OR. Ranking extras are wrapped
// around the parsed query with OP_AND_MAYBE so they never change which
// passages match, only their order (see RankingOptions).
//
// Ownership: a QueryBuilder holds a handle to the caller's database (shared,
// reference-counted by Xapian). Thread safety: one QueryBuilder per thread.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/error.h"
#include "fahras/fields.h"
#include "fahras/names.h"
#include "fahras/synonyms.h"

namespace fahras {

// Each extra is off when its weight is 0, so scripts can ablate them.
// Defaults are what measurably helped on both ARCD (train) and KaifLematha
// (dev); docs/searching.md has the numbers and commands.
struct RankingOptions {
  double bm25_k1 = 0.9;
  double bm25_b = 0.75;
  // Bonus for passages containing the query word's exact (normalised,
  // unstemmed) form, over stem-only matches.
  double exact_weight = 0.1;
  // In a query of plain words, add that bonus after the match, to the
  // passages the first stage hands the collapse (2 per wanted document),
  // from their posting lists, instead of inside the matcher, where every
  // passage holding a stem skipped through its exact forms' lists
  // (issue 20: 16% of the instructions of ARCD questions). The same BM25
  // weight; only a passage below the pool that the bonus would have lifted
  // into it is missed (docs/performance.md). false: in the matcher.
  bool late_exact = true;
  // Bonus for query stems occurring in the document title, in the matcher.
  // Only for a schema 2 database: from schema 3 the title weighs inside the
  // body terms' wdf, fixed at index time (schema::kTitleWdf).
  double title_weight = 0.35;
  // Bonus for consecutive query words occurring within proximity_window
  // positions of each other. Off: it gained nothing beyond noise.
  double proximity_weight = 0;
  unsigned proximity_window = 8;
  // In a query of plain words, a body stem found in more than this share of
  // the passages is left out like a stop word while a rarer word remains:
  // near-zero weight, but the longest posting list. 0 keeps every term.
  double common_term_ratio = 0.5;
  // In a query of plain words, a body stem in more than this share of the
  // passages (and at most common_term_ratio) only adds its weight to
  // passages holding a rarer query word: it is the right side of an
  // OP_AND_MAYBE, so the matcher skips through its long posting list to the
  // rarer words' candidates instead of offering every passage that holds it
  // (Elasticsearch's cutoff_frequency does the same). While the rarer words'
  // passages fill the first stage's pool the scores and ranking are those of
  // the plain OR; when they do not, the plain OR is run (Searcher). Counts
  // of matches are then of passages holding a rarer word. Issue 20: at 0.1,
  // 6.5% of the instructions of ARCD questions, 8.4% of keyword queries;
  // 0.05 took another 9-16% off the questions' p99 with MRR@10 and nDCG@10
  // unchanged on every evaluation set (0.03 lost 0.002 of MRR@10 with
  // distractors) (docs/performance.md, "Common words as a bonus"). 0: off.
  double common_bonus_ratio = 0.05;
  // A plain query word whose stem ends in the nisba ي (الصينية -> صيني) also
  // matches, at this share of the weight, the stem without it (الصين ->
  // صين), when the database has that term. The stemmer keeps the ي because
  // merging عربي/عرب in the index hurt recall with distractors; here the
  // merge is one-way and down-weighted. 0 turns it off.
  double nisba_weight = 0.3;
  // In a query of plain words, spelling variants of names and loanwords
  // (variants.h: ترامب/ترمب, جوجل/غوغل, أمريكا/أميركا, عبدالله/عبد الله) that
  // the database holds are OR'd with the word typed, at variant_weight times
  // its weight (and never at a higher idf than the typed word's), so the
  // spelling typed ranks first. Off: variants = false.
  bool variants = true;
  double variant_weight = 0.3;
  // Synonyms (synonyms.h, QueryBuilder::set_synonyms) are OR'd the same way.
  double synonym_weight = 0.5;
  // A query word whose stem lost its first letters (بوتين -> وتين) and that
  // the database's statistics show to be a name (names.h: frequent as
  // written, the rest rare) is searched by its exact forms (بوتين لبوتين
  // ببوتين ...), as one synonym, instead of the damaged stem; so is a
  // clitic form of such a name (لبوتين), and a spelling variant. Not
  // inside a phrase or NEAR, whose words need positions (exact forms have
  // none). Off: names = false.
  bool names = true;
  names::Thresholds name_thresholds;
  // `>>word` / `root:word` (a database with root terms): the word's root
  // class at this share of a stem match's weight, OR'd with the word's stem
  // and its exact-form bonus, so an exact form ranks above its stem class,
  // which ranks above the rest of its root class.
  double root_weight = 0.5;
  // Second stage (rerank.h): the best rerank_depth passages are rescored
  // (whatever the page asked for, so every page is a slice of one ranking;
  // results beyond them keep the first stage's order) by
  //   score * coverage^coverage_exponent * (1 + pair_weight * adjacency),
  // coverage being the share of the query's idf mass the passage holds and
  // adjacency the idf-weighted share of consecutive query-word pairs found
  // within pair_window positions. rerank_depth 0, or both weights 0: off.
  // Measured (docs/searching.md): title cover and adjacency gain on ARCD,
  // ARCD + SaudiNewsNet and KaifLematha; coverage lost on KaifLematha (off).
  Xapian::doccount rerank_depth = 50;
  double coverage_exponent = 0;
  double pair_weight = 0.25;
  unsigned pair_window = 4;
  // Second stage too: score *= 1 + title_cover_weight * (share of the
  // title's distinct stems that are query stems).
  double title_cover_weight = 0.25;
  // Leave fahras's stop words (question words, particles) out of queries.
  // Off only for measurement: keeping them costs MRR (docs/searching.md).
  bool drop_stopwords = true;
  // Smaller databases keep every term: their posting lists are short anyway,
  // and a share of a handful of passages says little about a word.
  unsigned common_term_min_passages = 10000;

  // Throws UsageError, naming the fahras-search option, for a value out of
  // range: a negative weight or exponent, a share outside 0..1, a window
  // outside 1..1000, a depth above 100000, BM25's k1 < 0 or b outside 0..1.
  // The Searcher checks its options with it; commands call it while parsing
  // options so the error is reported as bad usage.
  void validate() const;
};

// Bounds that keep hostile queries cheap; past them the query is refused
// (or, for wildcards, expanded to the most frequent terms only).
struct QueryLimits {
  std::size_t max_bytes = 32768;  // room for max_pasted_words of Arabic
  // Words searched. A longer query of plain words (a pasted paragraph) keeps
  // its max_words rarest distinct content words (BuiltQuery::notices says
  // which were left out); one with operators, phrases or wildcards is refused.
  std::size_t max_words = 64;
  std::size_t max_pasted_words = 1000;  // past this, any query is refused
  std::size_t max_nesting = 16;         // parentheses
  Xapian::termcount max_wildcard = 64;  // terms per wildcard
};

// What the highlighter matches passage tokens against.
struct QueryTerms {
  // Ordered by std::less<> so that matches() looks a token's string_view up
  // without building a string (snippets test every token of each hit).
  std::set<std::string, std::less<>> stems;    // stems (no prefix)
  std::set<std::string, std::less<>> exact;    // normalised exact forms
  std::vector<std::string> wildcard_prefixes;  // normalised, from "word*"
  std::set<std::string, std::less<>> roots;    // roots (no prefix), from >>word / root:word

  bool empty() const { return stems.empty() && exact.empty() && wildcard_prefixes.empty() && roots.empty(); }
  // True if a token with this normalised form and stem matches the query.
  bool matches(std::string_view norm, std::string_view stem) const;
};

struct BuiltQuery {
  Xapian::Query query;     // what to run
  Xapian::Query matching;  // the parsed query alone, minus common terms (defines matches)
  QueryTerms terms;
  std::vector<std::string> stopped;     // stop words and common words that were dropped
  std::vector<std::string> rank_terms;  // body stem terms (Z…) in query order, for rerank.h
  // With RankingOptions::late_exact, for a query of plain words: `query`
  // without the exact-form bonus (the same matches), and the bonus's terms,
  // each weighted exact_weight (a term listed twice counts twice, as in
  // `query`); exact_form_bonus() (rerank.h) adds them. Empty: no late bonus.
  Xapian::Query late_query;
  std::vector<std::string> late_exact;
  // With RankingOptions::common_bonus_ratio: `query` and `late_query` with
  // the common words' leaves as an OP_AND_MAYBE bonus to the rarer words'
  // (the same weight for every passage holding a rarer word). Empty when no
  // word is common or every word is.
  Xapian::Query split_query;
  Xapian::Query late_split_query;
  // What the user should know about how the query was read, one sentence
  // each: a syntax error searched as plain words, words left out of a long
  // query. Empty for a query run as typed.
  std::vector<std::string> notices;
};

// Pre-normalisation used by QueryBuilder, exposed for tests.
std::string prepare_query(std::string_view raw);

class QueryBuilder {
 public:
  QueryBuilder(Xapian::Database db, StemmerKind kind, RankingOptions ranking = {}, QueryLimits limits = {});

  // Throws QueryError.
  BuiltQuery build(std::string_view query);

  // Groups of synonyms to expand plain query words with (not owned; must
  // outlive the builder; nullptr: none).
  void set_synonyms(const Synonyms* synonyms) { synonyms_ = synonyms; }

  // A --filter expression (field syntax, boolean operators, NOT): a query
  // that only restricts which passages match. Throws QueryError.
  Xapian::Query parse_filter(std::string_view filter);

  // The database's typed fields (field_search.h), registered on the parser.
  const FieldSchema& fields() const { return fields_; }

  const RankingOptions& ranking() const { return ranking_; }
  const QueryLimits& limits() const { return limits_; }

 private:
  struct ClassifiedTerms;
  // The stages of build(). bounded: the query pre-normalised (prepare_query,
  // field groups) and within limits_ (a long paste shortened); parse: the
  // matching query, stop words and common terms left out; classify: its
  // terms sorted into stems, exact forms and title terms; lay_out: the
  // ranking extras around it (built.query).
  std::string bounded(std::string_view raw, BuiltQuery& built);
  void parse(const std::string& q, std::string_view raw, BuiltQuery& built);
  ClassifiedTerms classify(const std::string& q, std::string_view raw, BuiltQuery& built);
  void lay_out(const std::string& q, const ClassifiedTerms& terms, BuiltQuery& built);
  // One plain query word with its exact-form bonus, nisba base term,
  // variants and synonyms; `late` gets the same without the exact-form bonus,
  // whose terms go to built.late_exact.
  Xapian::Query with_extras(Xapian::Query leaf, const ClassifiedTerms& terms, bool expand,
                            std::vector<std::string>& added, BuiltQuery& built, Xapian::Query& late);
  // Compounds typed as two words (عبد الله) that the database holds joined.
  void add_joined_compounds(const std::string& q, std::vector<Xapian::Query>& leaves, std::vector<std::string>& added,
                            BuiltQuery& built);
  void drop_common_terms(BuiltQuery& built);
  // Which of the first leaves (one per subquery of built.matching; leaves
  // after them are rarer) are common words (common_bonus_ratio); empty
  // when none or all are.
  std::vector<char> common_leaves(const BuiltQuery& built, std::size_t leaves) const;
  bool is_common_body_stem(const std::string& term, double limit) const;
  std::string shorten_long_query(std::string_view raw, bool had_syntax, std::vector<std::string>& notices,
                                 std::vector<std::string>& stopped);
  Xapian::Query parse_near_of_phrases(const std::string& q, std::string_view raw, bool& matched);
  void remember_unstem(const Xapian::Query& parsed);
  std::string nisba_base_term(const std::string& term) const;
  // Spelling variants and synonyms of one plain query word (its stem term
  // and normalised forms): the terms (or phrases) to OR with it, scaled.
  // Appends what was added to `added` ("typed → variant").
  Xapian::Query expansions(const std::string& term, const std::vector<std::string>& forms,
                           std::vector<std::string>& added, QueryTerms& terms);
  // Scale for an expansion term: the weight, lowered so that its idf never
  // exceeds the typed term's.
  double expansion_scale(double weight, const std::string& typed_term, const std::string& term) const;
  // Names (RankingOptions::names). A word searched as a name: its forms as
  // terms, with `prefix` (schema.h: "" body, S title, X<NAME>: a field).
  struct NameSearch {
    names::Name name;
    std::vector<std::string> forms;  // normalised, unprefixed
    std::string prefix;
    Xapian::Query query() const;
    std::vector<std::string> terms() const;
  };
  // The name a normalised word is searched as, if any (memoised per build).
  const NameSearch* name_of(const std::string& word);
  // Finds the stem terms of built.matching all of whose words are names.
  void find_names(BuiltQuery& built);
  // `q` with every stem term searched as a name replaced by its forms,
  // except inside phrases, NEAR and scaled subqueries.
  Xapian::Query with_names(const Xapian::Query& q) const;

  Xapian::Database db_;
  StemmerKind kind_;
  RankingOptions ranking_;
  const Synonyms* synonyms_ = nullptr;
  QueryLimits limits_;
  Xapian::Stem stem_;
  std::unique_ptr<Xapian::Stopper> stopper_;
  Xapian::QueryParser parser_;
  FieldSchema fields_;
  // Query term -> the normalised words it came from, over every parse of the
  // current build() (QueryParser keeps only its last parse's).
  std::multimap<std::string, std::string> unstem_;
  // Per build(): normalised word -> its name search (nullopt: not a name),
  // and stem term -> the name its words are searched as.
  std::map<std::string, std::optional<NameSearch>> name_memo_;
  std::map<std::string, NameSearch> names_;
  // The database has R<root> terms (schema::kMetaRootTerms).
  bool root_terms_ = false;
  // The title weighs inside the body terms (schema::kMetaTitleWdf, schema
  // 3): no title bonus in the matcher.
  bool title_in_body_ = false;
  // Their root analyser version (schema::kMetaRootAnalyzer).
  std::string root_analyzer_;
  // root:word and stem:word (what >>word and >word become); they add
  // notices to the BuiltQuery being built.
  std::unique_ptr<Xapian::FieldProcessor> root_field_, stem_field_;
  std::shared_ptr<std::vector<std::string>> field_notices_ = std::make_shared<std::vector<std::string>>();
};

}  // namespace fahras
