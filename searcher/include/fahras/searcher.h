// Opens a fahras database, checks it was built with an analyzer this build
// reproduces exactly, and answers queries with ranked passages and snippets.
//
// Ownership: a Searcher owns its database handle, parser and analyzer; a
// SearchResults owns its data. Thread safety: one Searcher per thread (Xapian
// objects and the Analyzer are not thread-safe); several Searchers on the
// same database path are independent. With remote shards, search() reads
// the second stage's candidates on short-lived threads of its own, each
// with its own connection (kept by the Searcher for later searches); they
// end before search() returns. Facet counts run on another such thread,
// with a database handle of their own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/error.h"
#include "fahras/field_search.h"
#include "fahras/passage_record.h"
#include "fahras/passage_table.h"
#include "fahras/query_builder.h"
#include "fahras/rerank.h"
#include "fahras/search_database.h"
#include "fahras/snippet.h"
#include "fahras/suggester.h"
#include "fahras/synonyms.h"
#include "fahras/xapian_stem.h"

namespace fahras {

struct SearchRequest {
  std::string query;
  Xapian::doccount offset = 0;
  Xapian::doccount limit = 10;
  bool all_passages = false;  // otherwise the best passage per document
  std::size_t snippet_bytes = 320;
  unsigned context = 0;  // neighbouring passages to fetch each side
  // false (batch/TREC runs): no snippet work, and unless `context` is set
  // each hit's `passage` holds only doc_id (the rest stays default): the
  // stored passage record is not read, which would cost a document read and
  // a zlib inflate per hit.
  bool snippets = true;
  // With snippets off and no context: still read each hit's stored passage
  // record (title, metadata, passage number and range) and show it, without
  // a snippet (fahras-serve's snippets=false). Off: the hit holds only its
  // doc_id, as above.
  bool records = false;
  // Make the count exact when Xapian estimates at most kExactCountLimit
  // matching passages, at the cost of one more match that reads every
  // match's document id; otherwise the count is Xapian's estimate with its
  // bounds. Off for batch runs, which show no count.
  bool exact_count = true;
  // Optional filter on candidate passages (e.g. DiacriticFilter); not owned,
  // must outlive the search() call.
  const Xapian::MatchDecider* match_decider = nullptr;
  // Filters, sort order, facets and recency boost (field_search.h).
  FieldOptions fields;
};

// SearchRequest::exact_count counts exactly when Xapian estimates at most
// this many matching passages. Its cost grows with the matches: at 1,000 it
// added 0.4 ms to the median interactive search on SaudiNewsNet
// articles-00, at 500 it was mostly lost in the noise (docs/searching.md,
// Counting).
inline constexpr Xapian::doccount kExactCountLimit = 500;

struct SearchHit {
  std::size_t rank = 0;  // 1-based, counting the offset
  double score = 0;
  PassageRecord passage;
  Snippet snippet;
  bool snippet_shown = true;                  // false: none was made (SearchRequest::snippets off); writers omit it
  std::vector<ByteRange> highlights;          // every match in passage.text
  std::vector<PassageRecord> context_before;  // in passage order
  std::vector<PassageRecord> context_after;
};

struct SearchResults {
  std::vector<SearchHit> hits;
  // How many match, in the unit of the request: documents, or passages with
  // all_passages. Exact when matches_exact (then all three are equal);
  // otherwise Xapian's estimate between the bounds. The page (offset,
  // limit) does not change them.
  Xapian::doccount matches_lower = 0;
  Xapian::doccount matches_estimated = 0;
  Xapian::doccount matches_upper = 0;
  bool matches_exact = false;
  std::vector<std::string> stopped;  // stop words left out of the query, as typed
  // The query as run, in fahras's query syntax (describe_query): shows
  // which words were searched and how they were combined.
  std::string understood;
  // Things the user must be told about this answer (e.g. a query that was
  // reparsed differently from what was typed), one sentence each; starts
  // with BuiltQuery::notices.
  std::vector<std::string> notices;
  // Shards left out (DatabaseOpenOptions::allow_partial), each "SHARD: why";
  // non-empty means the answer is partial.
  std::vector<std::string> missing_shards;
  std::vector<FacetResult> facets;  // as SearchRequest::fields.facets asked
  // Spelling (suggester.h): the query with its likely slips corrected
  // ("did you mean"), empty when there is none; `relaxed` when the
  // corrections were searched as well ("showing results for").
  std::string did_you_mean;
  bool relaxed = false;
};

class Searcher {
 public:
  // Throws DatabaseError, or UsageError for ranking options out of range
  // (RankingOptions::validate).
  // db_path: a database folder, a sharded one, or a stub file (local and
  // remote shards; see search_database.h).
  explicit Searcher(const std::string& db_path, RankingOptions ranking = {}, QueryLimits limits = {},
                    DatabaseOpenOptions open = {});
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Throws QueryError for a bad query and DatabaseError if the database
  // fails; reopens and retries when a concurrent indexer commits.
  SearchResults search(const SearchRequest& request);

  // Moves to the database's latest commit (Xapian::Database::reopen), so a
  // long-lived Searcher (fahras-serve) sees documents added since it opened.
  // Returns whether the revision changed. Throws Xapian errors.
  bool reopen();

  // The open database (for reads a search does not cover, e.g. one
  // document's passages); valid while the Searcher lives, same thread.
  const Xapian::Database& database() const noexcept { return db_; }

  // Suggestions and relaxing for rare or absent query words (default: relax).
  // fahras-serve sets it for every request: a Suggester with the same
  // options keeps its memo.
  void set_spelling(const SpellingOptions& spelling) {
    spelling_ = spelling;
    if (suggester_) suggester_->set_options(spelling);
  }

  // Term frequencies the spelling suggester has read from the database over
  // this Searcher's searches (its memo keeps a rare word's candidates from
  // one search to the next: tests count them here).
  std::size_t spelling_look_ups() const noexcept { return spelling_look_ups_; }
  // Drops that memo: a benchmark's warm-up pass must not answer the timed
  // pass's rare words (fahras-search-latency --warmup). The vocabulary in
  // memory, if read, is kept: it answers every word alike, as a long-running
  // server's does.
  void forget_spelling_memo() noexcept {
    if (suggester_) suggester_->forget_answers();
  }
  // Whether the spelling suggester has read the vocabulary into memory
  // (suggester.h, vocabulary.h).
  bool has_vocabulary() const noexcept { return suggester_ && suggester_->has_vocabulary(); }

  // How this Searcher's first stages collapsed passages to documents: by
  // hand from the first pool, by hand from the deeper pool, or by Xapian
  // (searcher.cc, kPassagesPerWantedDocument). Tests count them here.
  struct CollapseCounts {
    std::uint64_t first_pool = 0;
    std::uint64_t deeper_pool = 0;
    std::uint64_t xapian = 0;
  };
  const CollapseCounts& collapse_counts() const noexcept { return collapse_counts_; }
  // Whether the passage table of this revision is built (passage_table.h).
  bool has_passage_table() const noexcept { return passages_ != nullptr; }

  // Reads a synonyms file (synonyms.h) with this database's analyser; plain
  // query words in a group then also match its other words, at
  // RankingOptions::synonym_weight. Throws SynonymsError.
  void load_synonyms(const std::string& path);

  StemmerKind stemmer_kind() const noexcept { return kind_; }
  const std::string& analyzer_config() const noexcept { return config_; }
  Xapian::doccount passage_count() const { return db_.get_doccount(); }
  const FieldSchema& fields() const { return builder_->fields(); }

 private:
  // First-stage results: passage, weight, its index in the MSet, and (when
  // collapsed) its document id.
  struct Candidates {
    std::vector<Candidate> hits;
    std::vector<Xapian::doccount> at;
    std::vector<std::string> doc_ids;
    // Matching documents (SearchResults::matches_*).
    Xapian::doccount matches_lower = 0;
    Xapian::doccount matches_estimated = 0;
    Xapian::doccount matches_upper = 0;
    Xapian::doccount passages_estimated = 0;  // Xapian's estimate of matching passages
  };
  SearchResults search_once(const SearchRequest& request);
  // late_exact: BuiltQuery::late_exact, added to the passages' weights
  // (reordering them) before collapsing; empty: none. whole: when the
  // enquire's query leaves common words' passages out (BuiltQuery::
  // split_query), the query that does not, run instead when the first
  // doesn't fill the pool; empty: none.
  bool collapse_top(Xapian::Enquire& enquire, const SearchRequest& request, Xapian::doccount want, Candidates& out,
                    Xapian::MSet& mset, const std::vector<std::string>& late_exact, const Xapian::Query& whole);
  // One try of collapse_top with per_document x want passages; the
  // document ids from `table`, or read one by one when it is null.
  bool collapse_pool(Xapian::Enquire& enquire, const SearchRequest& request, Xapian::doccount want,
                     Xapian::doccount per_document, const PassageTable* table, Candidates& out, Xapian::MSet& mset,
                     const std::vector<std::string>& late_exact, const Xapian::Query& whole);
  void fetch_context(SearchHit& hit, unsigned n);
  void count_exactly(const Xapian::Query& query, const SearchRequest& request, SearchResults& results);
  // The metadata of the document `doc_id` (the indexer stores it once, with
  // passage 0): for hits on its other passages.
  std::string document_metadata(const std::string& doc_id);
  // Each candidate's stored passage, decoded, and title-stem value (remote shards).
  struct Stored {
    PassageRecord record;
    std::string title_stems;
  };
  std::vector<Stored> fetch_stored(const Candidates& first, const Xapian::MSet& mset);
  void adopt(OpenedDatabase opened);
  // Drops what was read or opened at the database's previous revision: the
  // extra connections, the facet count's handle, the spelling memo, the
  // passage table.
  void forget_revision();
  // The passage table of this revision (passage_table.h), built once the
  // ids and lengths read one by one at it would have paid for reading the
  // whole streams: a one-off search would pay a pass over every passage to
  // save reading a few hundred. Null before that, for remote shards, and
  // for a database above PassageTable::kMaxLastDocid.
  const PassageTable* passage_table();

  std::string path_;
  DatabaseOpenOptions open_;
  QueryLimits limits_;
  std::vector<std::string> missing_shards_;
  bool remote_ = false;  // OpenedDatabase::remote()
  Xapian::Database db_;
  std::vector<bool> shard_remote_;                                // OpenedDatabase::shard_remote
  std::vector<std::function<Xapian::Database()>> open_shard_;     // OpenedDatabase::open_shard
  std::vector<std::vector<Xapian::Database>> fetch_connections_;  // per shard, opened when first needed
  Xapian::Database facet_db_;  // the facet count's own handle (its thread), opened when first needed
  StemmerKind kind_ = StemmerKind::kFahras;
  std::string config_;
  std::unique_ptr<SnowballWordStemmer> snowball_;
  std::unique_ptr<Analyzer> analyzer_;
  std::unique_ptr<QueryBuilder> builder_;
  std::unique_ptr<Synonyms> synonyms_;  // builder_ points into it
  RankingOptions ranking_;
  SpellingOptions spelling_;
  // Lives across searches, for its memo of rare words' candidates; made
  // afresh at another revision of the database (reopen, adopt).
  std::unique_ptr<Suggester> suggester_;
  std::size_t spelling_look_ups_ = 0;
  std::unique_ptr<PassageTable> passages_;
  std::uint64_t passage_reads_ = 0;  // document ids and lengths read one by one at this revision
  CollapseCounts collapse_counts_;
};

}  // namespace fahras
