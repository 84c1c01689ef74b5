#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <limits>
#include <numeric>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "fahras/query_description.h"
#include "fahras/rerank.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"

namespace fahras {
namespace {

// A concurrent indexer may commit several times during one search. 10, not
// 5: since every hit reads its document's metadata and small answers are
// counted exactly (issue 16), a search reads more, and under the
// concurrency test's commit storm 5 retries were sometimes all overtaken.
constexpr int kMaxReopens = 10;

std::string meta(const Xapian::Database& db, std::string_view key) { return db.get_metadata(std::string(key)); }

// Batch runs need the document id only: from its value slot, never from the
// stored passage text, which would have to be read and inflated. (With
// collapsing the id is already known: Candidates::doc_ids.)
std::string passage_doc_id(const Xapian::MSetIterator& it) { return it.get_document().get_value(schema::kSlotDocId); }

// How many passages to ask for per wanted document when collapsing by hand,
// in turn, before Xapian's collapse. On ARCD + all of SaudiNewsNet, the best
// 200 passages of an ARCD question held fewer than 100 documents for 2
// questions in 692 (150: 56). Since the title joined every passage's words
// (schema 3) that is 56 questions in 693 at 200 passages, and 58 keyword
// queries in 671 at top 10 (100 passages for 50 documents). Asking those
// again for 4 per document costs less than Xapian's collapse, which reads
// the document id of every passage it weighs: -1.3% of all instructions on
// the keyword queries, -1.4% on the questions; 8 per document costs more
// (docs/performance.md, "Document ids from a table").
constexpr std::array<Xapian::doccount, 2> kPassagesPerWantedDocument = {2, 4};

// Passages whose document ids are read at least, when collapsing by hand,
// to estimate how many documents match (also for a page of 0 results).
constexpr Xapian::doccount kCountSample = 20;

// Extra connections per remote shard for reading candidates' stored
// passages in parallel (Searcher::fetch_stored).
constexpr std::size_t kFetchConnections = 4;

}  // namespace

Searcher::Searcher(const std::string& db_path, RankingOptions ranking, QueryLimits limits, DatabaseOpenOptions open)
    : path_(db_path), open_(open), limits_(limits), ranking_(ranking) {
  ranking_.validate();
  std::error_code ec;
  if (!std::filesystem::exists(db_path, ec)) throw DatabaseError("database " + db_path + " does not exist");
  try {
    adopt(open_search_database(db_path, open_));
    const std::string version = meta(db_, schema::kMetaSchema);
    if (version.empty())
      throw DatabaseError(db_path + " is not a fahras database (no " + std::string(schema::kMetaSchema) + " metadata)");
    if (version != std::to_string(schema::kSchemaVersion) &&
        version != std::to_string(schema::kSchemaVersionTitleTerms))
      throw DatabaseError("database " + db_path + " has schema version " + version +
                          ", this fahras-search reads versions " + std::to_string(schema::kSchemaVersionTitleTerms) +
                          " and " + std::to_string(schema::kSchemaVersion) + ": re-index it");
    const std::string title_wdf = meta(db_, schema::kMetaTitleWdf);
    if ((version == std::to_string(schema::kSchemaVersion)) !=
        (!title_wdf.empty() && title_wdf.find_first_not_of("0123456789") == std::string::npos && title_wdf.size() < 6))
      throw DatabaseError("database " + db_path + " of schema version " + version + " has " +
                          (title_wdf.empty() ? "no" : "a bad") + " " + std::string(schema::kMetaTitleWdf) +
                          " record \"" + title_wdf + "\": re-index it");
    const std::string stemmer = meta(db_, schema::kMetaStemmer);
    try {
      kind_ = parse_stemmer_kind(stemmer);
    } catch (const std::invalid_argument&) {
      throw DatabaseError("database " + db_path + " records an unknown stemmer \"" + stemmer + "\"");
    }
    if (kind_ == StemmerKind::kSnowball) snowball_ = std::make_unique<SnowballWordStemmer>();
    analyzer_ = std::make_unique<Analyzer>(kind_, snowball_.get());
    config_ = analyzer_->config_string();
    const std::string stored = meta(db_, schema::kMetaAnalyzer);
    if (stored != config_)
      throw DatabaseError("database " + db_path + " was built with analyzer \"" + stored +
                          "\" but this fahras-search analyses queries with \"" + config_ +
                          "\": re-index it with this version");
    builder_ = std::make_unique<QueryBuilder>(db_, kind_, ranking_, limits);
  } catch (const Xapian::Error& e) {
    throw DatabaseError("cannot open database " + db_path + ": " + e.get_description());
  }
}

Searcher::~Searcher() = default;

SearchResults Searcher::search(const SearchRequest& request) {
  for (int attempt = 0;; ++attempt) {
    try {
      return search_once(request);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= kMaxReopens)
        throw DatabaseError("database " + path_ + " keeps changing during the search: " + e.get_msg());
      db_.reopen();
      forget_revision();
    } catch (const Xapian::NetworkError& e) {
      // A remote shard failed mid-search. Reopening names the shard that
      // is down; with allow_partial the others answer.
      if (attempt >= 1 || !open_.allow_partial) {
        try {
          open_search_database(path_, DatabaseOpenOptions{false, open_.remote_timeout_ms, open_.connect_timeout_ms});
        } catch (const DatabaseError& named) {
          throw DatabaseError(std::string(named.what()) + " (during the search: " + e.get_description() + ")");
        }
        throw DatabaseError("database " + path_ + ": " + e.get_description());
      }
      try {
        adopt(open_search_database(path_, open_));
        builder_ = std::make_unique<QueryBuilder>(db_, kind_, ranking_, limits_);
        builder_->set_synonyms(synonyms_.get());
      } catch (const Xapian::Error& again) {
        throw DatabaseError("database " + path_ + ": " + again.get_description());
      }
    } catch (const Xapian::DatabaseError& e) {
      throw DatabaseError("database " + path_ + ": " + e.get_description());
    } catch (const Xapian::DocNotFoundError& e) {
      // A damaged table (e.g. a termlist lost) is reported like corruption.
      throw DatabaseError("database " + path_ + ": " + e.get_description());
    } catch (const Xapian::QueryParserError&) {
      throw;  // the query's fault, not the database's (QueryBuilder names it)
    } catch (const Xapian::Error& e) {
      // Damaged B-tree contents surface as other Xapian errors too (a
      // RangeError for an impossible value in a posting list): whatever the
      // kind, the user needs to know which database it came from.
      throw DatabaseError("database " + path_ + " is damaged or unreadable: " + e.get_description());
    } catch (const std::runtime_error& e) {
      if (dynamic_cast<const QueryError*>(&e) || dynamic_cast<const DatabaseError*>(&e)) throw;
      // decode_passage_record's "corrupt passage record": the data is bad.
      throw DatabaseError("database " + path_ + ": " + e.what());
    }
  }
}

bool Searcher::reopen() {
  if (!db_.reopen()) return false;
  forget_revision();
  return true;
}

void Searcher::forget_revision() {
  fetch_connections_.clear();      // reopened with the next fetch, at the new revision
  facet_db_ = Xapian::Database();  // the same for the facet count's handle
  suggester_.reset();              // its memo is of the old revision
  passages_.reset();               // the same for the passage table
  passage_reads_ = 0;
}

// Reading one passage's document id or length by its docid costs about as
// much as building this many passages of the table (callgrind, ARCD + all
// of SaudiNewsNet: some 5,200 instructions an id, 7,500 a length, 760 a
// passage of the table).
constexpr std::uint64_t kPassagesScannedPerRead = 8;

// Built once the ids and lengths read one by one at this revision would
// have paid for it: a rule that never spends more than twice what the
// better of the two choices would have, however many searches follow (the
// ski-rental bound). A one-off search reads a few hundred and never builds;
// a batch or a server worker builds after some fifty searches on a
// 120,000-passage database.
const PassageTable* Searcher::passage_table() {
  if (passages_) return passages_.get();
  if (remote_ || passage_reads_ * kPassagesScannedPerRead < db_.get_lastdocid() ||
      !PassageTable::is_worth_building(db_))
    return nullptr;
  passages_ = std::make_unique<PassageTable>(db_);
  return passages_.get();
}

void Searcher::load_synonyms(const std::string& path) {
  synonyms_ = std::make_unique<Synonyms>(Synonyms::load(path, *analyzer_));
  builder_->set_synonyms(synonyms_.get());
}

void Searcher::adopt(OpenedDatabase opened) {
  db_ = opened.db;
  remote_ = opened.remote();
  missing_shards_ = std::move(opened.missing);
  shard_remote_ = std::move(opened.shard_remote);
  open_shard_ = std::move(opened.open_shard);
  forget_revision();
}

SearchResults Searcher::search_once(const SearchRequest& request) {
  // No query but filters: every passage they let through (browsing).
  BuiltQuery built;
  if (request.query.empty() && !request.fields.filters.empty()) {
    built.query = built.matching = Xapian::Query::MatchAll;
  } else {
    built = builder_->build(request.query);
  }
  SearchResults results;
  if (spelling_.mode != SpellingMode::kOff) {
    if (!suggester_) suggester_ = std::make_unique<Suggester>(db_, *analyzer_, spelling_, !remote_);
    const std::size_t look_ups = suggester_->look_ups();
    Suggestion suggestion = suggester_->suggest(request.query);
    spelling_look_ups_ += suggester_->look_ups() - look_ups;
    results.did_you_mean = std::move(suggestion.corrected);
    if (!suggestion.relaxed.empty()) {
      try {
        built = builder_->build(suggestion.relaxed);
        results.relaxed = true;
      } catch (const QueryError&) {
        // The relaxed query broke a limit the typed one kept (more words):
        // search what was typed, and only suggest.
      }
    }
  }
  results.stopped = built.stopped;
  results.notices = built.notices;
  results.understood = describe_query(built.matching);
  results.missing_shards = missing_shards_;

  // Declared before the Enquire: it owns the match spies the Enquire uses.
  const FieldSearch fields(request.fields, builder_->fields(), *builder_, db_);
  Xapian::Enquire enquire(db_);
  enquire.set_query(fields.wrap(built.query));
  enquire.set_weighting_scheme(Xapian::BM25Weight(ranking_.bm25_k1, 0, 1, ranking_.bm25_b, 0.5));
  fields.configure(enquire);
  // Facets count the whole match set in a match of their own, on a thread
  // of its own with its own database handle, while the ranked match runs:
  // the run then takes about the longer of the two, not their sum. Xapian
  // objects are not shared between threads: the query goes over serialised.
  // (A MatchDecider may not be thread-safe: then the count runs after.)
  std::vector<FacetResult> facets;
  std::exception_ptr facet_error;
  std::thread facet_thread;
  struct Join {
    std::thread& t;
    ~Join() {
      if (t.joinable()) t.join();
    }
  } join_facets{facet_thread};
  if (fields.counting() && request.match_decider == nullptr) {
    facet_thread = std::thread([&, serialised = enquire.get_query().serialise()] {
      try {
        if (facet_db_.size() == 0) facet_db_ = open_search_database(path_, open_).db;
        facets =
            fields.facets(facet_db_, Xapian::Query::unserialise(serialised), nullptr, request.all_passages, remote_);
      } catch (...) {
        facet_error = std::current_exception();
      }
    });
  }
  // A second stage (rerank.h) needs the first `depth` results, whatever the
  // offset; it reorders by score, so not under a sort by a field.
  const Xapian::doccount depth = fields.sorted() ? 0 : rerank_depth(ranking_, built, request.offset, request.limit);
  const Xapian::doccount first_from = depth > 0 ? 0 : request.offset;
  const Xapian::doccount first_count = depth > 0 ? depth : request.limit;
  Candidates first;
  Xapian::MSet mset;
  Xapian::doccount passages = 0;  // Xapian's estimate of the matching passages
  // Remote shards collapse on their side: collapsing here would read each
  // passage's document id in a round trip of its own.
  // The exact-form bonus after the match (RankingOptions::late_exact) only
  // where the first stage collapses here and orders by weight.
  const bool by_weight = !request.all_passages && !remote_ && !fields.sorted();
  const bool late = !built.late_query.empty() && by_weight;
  // Common words as a bonus to the rarer ones (RankingOptions::
  // common_bonus_ratio) only where the first stage orders by weight: under a
  // sort a passage holding only common words may come first.
  const Xapian::Query& whole = late ? built.late_query : built.query;
  const Xapian::Query& split = late ? built.late_split_query : built.split_query;
  const bool split_first = by_weight && !split.empty();
  if (late || split_first) enquire.set_query(fields.wrap(split_first ? split : whole));
  if (request.all_passages || remote_ ||
      !collapse_top(enquire, request, first_from + first_count, first, mset,
                    late ? built.late_exact : std::vector<std::string>(),
                    split_first ? fields.wrap(whole) : Xapian::Query())) {
    if (late || split_first) enquire.set_query(fields.wrap(built.query));
    if (!request.all_passages) enquire.set_collapse_key(schema::kSlotDocId);
    mset = enquire.get_mset(first_from, first_count, 0, nullptr, request.match_decider);
    // Documents when collapsed (Xapian counts collapsed matches), else passages.
    results.matches_lower = mset.get_matches_lower_bound();
    results.matches_estimated = mset.get_matches_estimated();
    results.matches_upper = mset.get_matches_upper_bound();
    passages = request.all_passages ? mset.get_matches_estimated() : mset.get_uncollapsed_matches_estimated();
    for (Xapian::doccount i = 0; i < mset.size(); ++i) {
      first.hits.push_back({*mset[i], mset[i].get_weight()});
      first.at.push_back(i);
      first.doc_ids.push_back(request.all_passages ? std::string() : mset[i].get_collapse_key());
    }
  } else {
    results.matches_lower = first.matches_lower;
    results.matches_estimated = first.matches_estimated;
    results.matches_upper = first.matches_upper;
    passages = first.passages_estimated;
    // collapse_top keeps results from 0; the page starts at first_from.
    const std::size_t from = std::min<std::size_t>(first_from, first.hits.size());
    first.hits.erase(first.hits.begin(), first.hits.begin() + static_cast<std::ptrdiff_t>(from));
    first.at.erase(first.at.begin(), first.at.begin() + static_cast<std::ptrdiff_t>(from));
    first.doc_ids.erase(first.doc_ids.begin(), first.doc_ids.begin() + static_cast<std::ptrdiff_t>(from));
  }
  results.matches_exact = results.matches_lower == results.matches_upper;
  if (!results.matches_exact && request.exact_count && passages <= kExactCountLimit)
    count_exactly(fields.wrap(built.query), request, results);  // with the filters
  if (facet_thread.joinable()) {
    facet_thread.join();
    if (facet_error) {
      facet_db_ = Xapian::Database();  // opened afresh next time
      std::rethrow_exception(facet_error);
    }
    results.facets = std::move(facets);
  } else if (fields.counting()) {
    results.facets = fields.facets(db_, fields.wrap(built.query), request.match_decider, request.all_passages, remote_);
  }
  std::vector<Reranked> order;
  std::vector<PassageRecord> records;  // by candidate, when the second stage read them
  if (depth > 0 && remote_) {
    // One read per candidate (its stored passage) instead of one per
    // posting, position and value read: each is a round trip per shard.
    // (Xapian 1.4's remote backend answers MSet::fetch one document at a
    // time, observed with strace; a later Xapian may pipeline them.)
    std::vector<Stored> stored = fetch_stored(first, mset);
    records.reserve(first.hits.size());
    std::vector<CandidateText> texts;
    texts.reserve(first.hits.size());
    for (Stored& s : stored) {
      const PassageRecord& record = records.emplace_back(std::move(s.record));
      texts.push_back({record.title, record.text, std::move(s.title_stems),
                       schema::title_joins_body(record.passage_no, record.title, record.text)});
    }
    order = rerank(db_, first.hits, built.rank_terms, ranking_, request.offset, request.limit, texts, *analyzer_);
  } else if (depth > 0) {
    order = rerank(db_, first.hits, built.rank_terms, ranking_, request.offset, request.limit);
  } else {
    for (Xapian::doccount i = 0; i < first.hits.size(); ++i) order.push_back({i, first.hits[i].weight});
  }

  results.hits.reserve(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Xapian::doccount c = order[k].index;
    const Xapian::MSetIterator it = mset[first.at[c]];
    SearchHit hit;
    hit.rank = static_cast<std::size_t>(request.offset) + k + 1;
    hit.score = order[k].score;
    if (!request.snippets && !request.records && request.context == 0) {
      hit.passage.doc_id = request.all_passages ? passage_doc_id(it) : first.doc_ids[c];
      results.hits.push_back(std::move(hit));
      continue;
    }
    hit.passage = records.empty() ? decode_passage_record(it.get_document().get_data()) : std::move(records[c]);
    hit.snippet_shown = request.snippets;
    if (request.snippets)
      hit.snippet = make_snippet(*analyzer_, hit.passage.text, built.terms, request.snippet_bytes, &hit.highlights);
    if (request.context > 0) fetch_context(hit, request.context);
    results.hits.push_back(std::move(hit));
  }
  // Every hit carries its document's metadata, stored with passage 0 only.
  std::unordered_map<std::string, std::string> metadata;  // by document id
  for (const SearchHit& hit : results.hits)
    if (hit.passage.passage_no == 0 && !hit.passage.doc_id.empty())
      metadata.emplace(hit.passage.doc_id, hit.passage.metadata_json);
  for (SearchHit& hit : results.hits) {
    PassageRecord& p = hit.passage;
    if (p.passage_no == 0 || p.passage_count == 0 || !p.metadata_json.empty()) continue;
    auto [at, added] = metadata.try_emplace(p.doc_id);
    if (added) at->second = document_metadata(p.doc_id);
    p.metadata_json = at->second;
  }
  return results;
}

// The best passage of each of the best `want` documents, as Xapian's
// collapse on schema::kSlotDocId would give them (same passages, weights and
// order), without it: collapsing makes the matcher read the collapse key of
// every candidate it weighs, and keeps it from raising its minimum weight
// as fast (callgrind, 60 ARCD questions, top 100: −13% of all instructions). The
// matcher ranks passages instead; the first occurrence of each document in
// that order is its best passage, so once `want` documents are found in the
// top passages, the answer is exact. Asks for kPassagesPerWantedDocument
// passages per document, then more; returns false when even those hold
// fewer than `want` documents but more passages match: the caller then
// collapses with Xapian.
bool Searcher::collapse_top(Xapian::Enquire& enquire, const SearchRequest& request, Xapian::doccount want,
                            Candidates& out, Xapian::MSet& mset, const std::vector<std::string>& late_exact,
                            const Xapian::Query& whole) {
  const Xapian::Query first_query = enquire.get_query();  // collapse_pool may replace it by `whole`
  const PassageTable* table = passage_table();            // one way for the whole search
  for (const Xapian::doccount per_document : kPassagesPerWantedDocument) {
    enquire.set_query(first_query);
    if (collapse_pool(enquire, request, want, per_document, table, out, mset, late_exact, whole)) {
      ++(per_document == kPassagesPerWantedDocument.front() ? collapse_counts_.first_pool
                                                            : collapse_counts_.deeper_pool);
      return true;
    }
  }
  ++collapse_counts_.xapian;
  return false;
}

bool Searcher::collapse_pool(Xapian::Enquire& enquire, const SearchRequest& request, Xapian::doccount want,
                             Xapian::doccount per_document, const PassageTable* table, Candidates& out,
                             Xapian::MSet& mset, const std::vector<std::string>& late_exact,
                             const Xapian::Query& whole) {
  const std::uint64_t fetch64 = static_cast<std::uint64_t>(std::max(want, kCountSample)) * per_document;
  const Xapian::doccount fetch =
      static_cast<Xapian::doccount>(std::min<std::uint64_t>(fetch64, std::numeric_limits<Xapian::doccount>::max()));
  mset = enquire.get_mset(0, fetch, 0, nullptr, request.match_decider);
  // The rarer words' passages do not fill the pool: passages holding only
  // common words belong in it too, so the whole query is run.
  if (!whole.empty() && mset.size() < fetch) {
    enquire.set_query(whole);
    mset = enquire.get_mset(0, fetch, 0, nullptr, request.match_decider);
  }
  // The passages in weight order, after the late exact-form bonus if any
  // (stable: ties keep the matcher's order).
  std::vector<double> weight(mset.size());
  std::vector<Xapian::doccount> order(mset.size());
  for (Xapian::doccount i = 0; i < mset.size(); ++i) weight[i] = mset[i].get_weight();
  std::iota(order.begin(), order.end(), 0);
  if (!late_exact.empty()) {
    std::vector<Xapian::docid> dids(mset.size());
    for (Xapian::doccount i = 0; i < mset.size(); ++i) dids[i] = *mset[i];
    const std::vector<double> bonus = exact_form_bonus(db_, dids, late_exact, ranking_, table, &passage_reads_);
    for (Xapian::doccount i = 0; i < mset.size(); ++i) weight[i] += bonus[i];
    std::stable_sort(order.begin(), order.end(),
                     [&](Xapian::doccount a, Xapian::doccount b) { return weight[a] > weight[b]; });
  }
  // Documents seen, by ordinal with the passage table, else by id.
  std::unordered_set<PassageTable::Ordinal> seen;
  std::unordered_set<std::string> seen_ids;
  if (table) seen.reserve(mset.size());
  else seen_ids.reserve(mset.size());
  Xapian::doccount read = 0;
  // Every matching passage is in the MSet: reading the rest of their
  // document ids (at most per_document x want values) makes the count exact.
  const bool all_in_hand = mset.size() < fetch && request.exact_count;
  for (; read < mset.size() && (out.hits.size() < want || read < kCountSample || all_in_hand); ++read) {
    const Xapian::doccount i = order[read];
    const Xapian::MSetIterator it = mset[i];
    std::string id;
    if (table) {
      const PassageTable::Ordinal document = table->ordinal(*it);
      if (!seen.insert(document).second || out.hits.size() >= want) continue;
      id = table->id(document);
    } else {
      id = passage_doc_id(it);
      ++passage_reads_;
      if (!seen_ids.insert(id).second || out.hits.size() >= want) continue;
    }
    out.hits.push_back({*it, weight[i]});
    out.at.push_back(i);
    out.doc_ids.push_back(std::move(id));
  }
  if (out.hits.size() < want && mset.size() == fetch) {
    out = Candidates();
    return false;
  }
  const auto docs = static_cast<Xapian::doccount>(table ? seen.size() : seen_ids.size());
  out.passages_estimated = mset.get_matches_estimated();
  if (all_in_hand) {
    out.matches_lower = out.matches_estimated = out.matches_upper = docs;
    return true;
  }
  // Xapian's counts are of passages. At least the documents seen match; at
  // most those plus one per passage not read. The estimate scales Xapian's
  // by the share of distinct documents among the passages read, as a
  // collapsed match would.
  out.matches_lower = docs;
  out.matches_upper = docs + (std::max(mset.get_matches_upper_bound(), read) - read);
  const double scaled = read == 0 ? 0
                                  : static_cast<double>(mset.get_matches_estimated()) * static_cast<double>(docs) /
                                        static_cast<double>(read);
  out.matches_estimated = std::clamp(static_cast<Xapian::doccount>(scaled), out.matches_lower, out.matches_upper);
  return true;
}

// Xapian 1.4's remote backend reads one document per round trip, even
// through MSet::fetch, so reranking 100 candidates from remote shards cost
// 100 round trips in a row. The reads are spread over up to
// kFetchConnections extra connections to each remote shard, all running at
// once; local shards are read through db_ as before.
//
// Xapian numbers the documents of a multi-shard database in turn: docid d is
// document (d - 1) / n + 1 of shard (d - 1) % n. An extra connection may see
// a newer revision than db_ (a concurrent indexer): a passage it no longer
// has, or whose document id differs from the one the match collapsed on, is
// read again through db_, which stays at the revision matched.
std::vector<Searcher::Stored> Searcher::fetch_stored(const Candidates& first, const Xapian::MSet& mset) {
  const std::size_t n = open_shard_.size();
  std::vector<Stored> out(first.hits.size());
  std::vector<char> done(first.hits.size(), 0);  // not vector<bool>: threads set distinct entries
  auto read = [](const Xapian::Document& doc) {
    return Stored{decode_passage_record(doc.get_data()), doc.get_value(schema::kSlotTitleStems)};
  };
  auto read_here = [&](std::size_t c) {
    out[c] = read(mset[first.at[c]].get_document());
    done[c] = 1;
  };
  if (n == 0 || n != db_.size()) {
    for (std::size_t c = 0; c < out.size(); ++c) read_here(c);
    return out;
  }
  std::vector<std::vector<std::size_t>> by_shard(n);
  for (std::size_t c = 0; c < out.size(); ++c) by_shard[(first.hits[c].did - 1) % n].push_back(c);
  if (fetch_connections_.size() != n) fetch_connections_.assign(n, {});

  struct Job {
    Xapian::Database* conn;
    std::size_t shard;
    std::vector<std::size_t> candidates;
    std::exception_ptr error;
  };
  std::vector<Job> jobs;
  jobs.reserve(n * kFetchConnections);
  for (std::size_t s = 0; s < n; ++s) {
    if (!shard_remote_[s] || by_shard[s].size() < 2) continue;
    const std::size_t k = std::min<std::size_t>(kFetchConnections, by_shard[s].size());
    std::vector<Xapian::Database>& conns = fetch_connections_[s];
    if (conns.size() < k) conns.resize(k);  // default-constructed: opened by their job
    for (std::size_t j = 0; j < k; ++j) jobs.push_back({&conns[j], s, {}, nullptr});
    for (std::size_t i = 0; i < by_shard[s].size(); ++i)
      jobs[jobs.size() - k + i % k].candidates.push_back(by_shard[s][i]);
  }
  if (!jobs.empty()) {
    std::vector<std::thread> threads;
    threads.reserve(jobs.size());
    for (Job& job : jobs) {
      threads.emplace_back([&, &job = job] {
        try {
          if (job.conn->size() == 0) *job.conn = open_shard_[job.shard]();
          for (const std::size_t c : job.candidates) {
            const Xapian::docid did = (first.hits[c].did - 1) / static_cast<Xapian::docid>(n) + 1;
            try {
              out[c] = read(job.conn->get_document(did));
              done[c] = 1;
            } catch (const Xapian::DocNotFoundError&) {
              // Deleted since db_'s revision: read below, through db_.
            }
          }
        } catch (...) {
          job.error = std::current_exception();
        }
      });
    }
    for (std::thread& t : threads) t.join();
    for (Job& job : jobs) {
      if (!job.error) continue;
      fetch_connections_.clear();  // a failed connection is not reused
      std::rethrow_exception(job.error);
    }
  }
  for (std::size_t c = 0; c < out.size(); ++c) {
    if (done[c] && !first.doc_ids.empty() && !first.doc_ids[c].empty() && shard_remote_[(first.hits[c].did - 1) % n] &&
        out[c].record.doc_id != first.doc_ids[c])
      done[c] = 0;  // another revision's passage
    if (!done[c]) read_here(c);
  }
  return out;
}

// One more match, unweighted (BoolWeight also lets Xapian drop the ranking
// extras, which never change what matches), collapsed by document id, for
// up to kExactCountLimit results: an MSet shorter than that holds every
// match. (Xapian 1.4.22's collapsed bounds alone stay loose for phrase
// queries even when every match was checked: 261 to 1,039 for a phrase in
// 261 SaudiNewsNet articles.)
void Searcher::count_exactly(const Xapian::Query& query, const SearchRequest& request, SearchResults& results) {
  Xapian::Enquire counter(db_);
  counter.set_query(query);
  counter.set_weighting_scheme(Xapian::BoolWeight());
  if (!request.all_passages) counter.set_collapse_key(schema::kSlotDocId);
  const Xapian::MSet m = counter.get_mset(0, kExactCountLimit, 0, nullptr, request.match_decider);
  Xapian::doccount n = 0;
  if (m.size() < kExactCountLimit) n = m.size();
  else if (m.get_matches_lower_bound() == m.get_matches_upper_bound()) n = m.get_matches_lower_bound();
  else return;
  results.matches_lower = results.matches_estimated = results.matches_upper = n;
  results.matches_exact = true;
}

std::string Searcher::document_metadata(const std::string& doc_id) {
  const std::string term = std::string(schema::kDocIdPrefix) + doc_id;
  // Passages are added in order, so passage 0 is nearly always the first
  // posting; its metadata slot answers without the record, and otherwise
  // (a database without the slot) the passage number is checked before the
  // record is read and inflated.
  for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
    Xapian::Document doc = db_.get_document(*it, Xapian::DOC_ASSUME_VALID);
    std::string stored = doc.get_value(schema::kSlotMetadata);
    if (!stored.empty() && stored.front() == schema::kMetadataMark) return stored.erase(0, 1);
    if (Xapian::sortable_unserialise(doc.get_value(schema::kSlotPassageNo)) != 0) continue;
    return decode_passage_record(doc.get_data()).metadata_json;
  }
  return {};
}

void Searcher::fetch_context(SearchHit& hit, unsigned n) {
  const std::uint32_t p = hit.passage.passage_no;
  const std::uint32_t lo = p >= n ? p - n : 0;
  const std::uint64_t hi = static_cast<std::uint64_t>(p) + n;
  const std::string term = doc_id_term(hit.passage.doc_id);
  for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
    Xapian::Document doc = db_.get_document(*it);
    // The value avoids decoding passages that are out of range.
    const double no = Xapian::sortable_unserialise(doc.get_value(schema::kSlotPassageNo));
    if (no < lo || no > static_cast<double>(hi) || no == static_cast<double>(p)) continue;
    PassageRecord r = decode_passage_record(doc.get_data());
    if (r.passage_no < p) hit.context_before.push_back(std::move(r));
    else if (r.passage_no > p) hit.context_after.push_back(std::move(r));
  }
  auto by_no = [](const PassageRecord& a, const PassageRecord& b) { return a.passage_no < b.passage_no; };
  std::sort(hit.context_before.begin(), hit.context_before.end(), by_no);
  std::sort(hit.context_after.begin(), hit.context_after.end(), by_no);
}

}  // namespace fahras
