// Second ranking stage: reorders the best passages of a first-stage MSet by
// evidence BM25 cannot see, read from the index for those passages only:
//   - coverage: the share of the query's idf mass the passage contains (a
//     passage that repeats two common query words can outscore, under BM25,
//     one holding every word, the rare name included);
//   - adjacency: the share of consecutive query-word pairs (in query order)
//     found within a small window of each other, from stored positions (so
//     "الحرب العالمية" or "عبد الوهاب" as written beats the words scattered);
//   - title share: the share of the title's distinct stems that are query
//     stems, the count read from schema::kSlotTitleStems (or, in databases
//     written before that slot, counted from the passage's term list).
// score' = score * coverage^coverage_exponent * (1 + pair_weight * adjacency)
//                * (1 + title_cover_weight * title share).
// Both factors are scale-free, so no weight depends on the query's length.
//
// Ownership: the functions borrow the database and candidates for the call.
// Thread safety: as for the Xapian::Database passed in (one thread at a time).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/query_builder.h"

namespace fahras {

class PassageTable;  // passage_table.h

// One first-stage result, in first-stage order.
struct Candidate {
  Xapian::docid did = 0;
  double weight = 0;
};

struct Reranked {
  Xapian::doccount index = 0;  // into the candidates
  double score = 0;
};

// How many first-stage results to fetch for a request wanting results
// [offset, offset + limit), at least ranking.rerank_depth: 0 means no second stage (off, or nothing to
// gain: fewer than one ranked term).
Xapian::doccount rerank_depth(const RankingOptions& ranking, const BuiltQuery& built, Xapian::doccount offset,
                              Xapian::doccount limit);

// A candidate's stored passage, for databases where every read is a round
// trip (remote shards): re-analysed with the index's analyzer, its title and
// text give the stems and positions the index holds, so the second stage
// needs no posting, position or term list. Exact for databases indexed with
// stop words (the default; not under fahras-index --skip-stopwords).
// Borrows the strings it views for the call to rerank.
struct CandidateText {
  std::string_view title;
  std::string_view text;
  std::string title_stems;  // the schema::kSlotTitleStems value; empty if absent
  // schema::title_joins_body for its record: the title's words follow the
  // text in the body, as the indexer wrote them.
  bool title_in_body = false;
};

// The exact-form bonus (BuiltQuery::late_exact) of each passage in `dids`
// (any order), as the matcher would have added it: the sum over the terms of
// BM25 (ranking's k1 and b, Xapian 1.4's BM25Weight formula) scaled by
// ranking.exact_weight. Each term's posting list is walked once, in docid
// order, skipping to the passages asked for. The lengths of the passages
// holding a term come from `lengths` (the same figures), else from the
// all-passages list; *lengths_read, when given, is raised by the lengths
// read from the database.
std::vector<double> exact_form_bonus(const Xapian::Database& db, const std::vector<Xapian::docid>& dids,
                                     const std::vector<std::string>& terms, const RankingOptions& ranking,
                                     const PassageTable* lengths = nullptr, std::uint64_t* lengths_read = nullptr);

// The candidates [offset, offset + limit) after reordering the first
// ranking.rerank_depth of them by the second-stage score (ties keep the
// first-stage order); the candidates after those keep the first-stage order,
// so the ranking does not depend on the page asked for. The evidence comes
// from the database's posting, position and value lists.
std::vector<Reranked> rerank(const Xapian::Database& db, const std::vector<Candidate>& first,
                             const std::vector<std::string>& terms, const RankingOptions& ranking,
                             Xapian::doccount offset, Xapian::doccount limit);

// The same with the evidence from `texts` (one per candidate) re-analysed
// with `analyzer`, the index's analyzer; from the database's lists when
// `texts` does not hold one per candidate or a term is not a body stem term.
// Gives the same scores as the other overload on a database indexed with
// stop words.
std::vector<Reranked> rerank(const Xapian::Database& db, const std::vector<Candidate>& first,
                             const std::vector<std::string>& terms, const RankingOptions& ranking,
                             Xapian::doccount offset, Xapian::doccount limit, const std::vector<CandidateText>& texts,
                             Analyzer& analyzer);

}  // namespace fahras
