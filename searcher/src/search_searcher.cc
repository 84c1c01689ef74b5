#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>

#include "fahras/rerank.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"

namespace fahras {
namespace {

// A concurrent indexer may commit several times during one search.
constexpr int kMaxReopens = 5;

std::string meta(const Xapian::Database& db, std::string_view key) {
  return db.get_metadata(std::string(key));
}

// Batch runs need the document id only. With collapsing the matcher has
// already read it (it is the collapse key), so no document is opened at all;
// otherwise it comes from its value slot, never from the stored passage
// text, which would have to be read and inflated.
std::string hit_doc_id(const Xapian::MSetIterator& it, bool collapsed) {
  if (collapsed) return it.get_collapse_key();
  return it.get_document().get_value(schema::kSlotDocId);
}

}  // namespace

Searcher::Searcher(const std::string& db_path, RankingOptions ranking, QueryLimits limits,
                   DatabaseOpenOptions open)
    : path_(db_path), open_(open), limits_(limits), ranking_(ranking) {
  std::error_code ec;
  if (!std::filesystem::exists(db_path, ec))
    throw DatabaseError("database " + db_path + " does not exist");
  try {
    OpenedDatabase opened = open_search_database(db_path, open_);
    db_ = opened.db;
    missing_shards_ = std::move(opened.missing);
    const std::string version = meta(db_, schema::kMetaSchema);
    if (version.empty())
      throw DatabaseError(db_path + " is not a fahras database (no " +
                          std::string(schema::kMetaSchema) + " metadata)");
    if (version != std::to_string(schema::kSchemaVersion))
      throw DatabaseError("database " + db_path + " has schema version " + version +
                          ", this fahras-search reads version " +
                          std::to_string(schema::kSchemaVersion) + ": re-index it");
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
        throw DatabaseError("database " + path_ + " keeps changing during the search: " +
                            e.get_msg());
      db_.reopen();
    } catch (const Xapian::NetworkError& e) {
      // A remote shard failed mid-search. Reopening names the shard that
      // is down; with allow_partial the others answer.
      if (attempt >= 1 || !open_.allow_partial) {
        try {
          open_search_database(path_, DatabaseOpenOptions{false, open_.remote_timeout_ms,
                                                          open_.connect_timeout_ms});
        } catch (const DatabaseError& named) {
          throw DatabaseError(std::string(named.what()) + " (during the search: " + e.get_description() + ")");
        }
        throw DatabaseError("database " + path_ + ": " + e.get_description());
      }
      try {
        OpenedDatabase opened = open_search_database(path_, open_);
        db_ = opened.db;
        missing_shards_ = std::move(opened.missing);
        builder_ = std::make_unique<QueryBuilder>(db_, kind_, ranking_, limits_);
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

SearchResults Searcher::search_once(const SearchRequest& request) {
  BuiltQuery built = builder_->build(request.query);
  SearchResults results;
  results.stopped = built.stopped;
  results.missing_shards = missing_shards_;

  Xapian::Enquire enquire(db_);
  enquire.set_query(built.query);
  enquire.set_weighting_scheme(Xapian::BM25Weight(ranking_.bm25_k1, 0, 1, ranking_.bm25_b, 0.5));
  if (!request.all_passages) enquire.set_collapse_key(schema::kSlotDocId);
  // A second stage (rerank.h) needs the first `depth` results, whatever the offset.
  const Xapian::doccount depth = rerank_depth(ranking_, built, request.offset, request.limit);
  Xapian::MSet mset = depth > 0 ? enquire.get_mset(0, depth, 0, nullptr, request.match_decider)
                                : enquire.get_mset(request.offset, request.limit, 0, nullptr,
                                                   request.match_decider);
  results.matches_estimated = mset.get_matches_estimated();
  std::vector<Reranked> order;
  if (depth > 0) {
    order = rerank(db_, mset, built.rank_terms, ranking_, request.offset, request.limit);
  } else {
    for (Xapian::doccount i = 0; i < mset.size(); ++i) order.push_back({i, mset[i].get_weight()});
  }

  results.hits.reserve(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Xapian::MSetIterator it = mset[order[k].index];
    SearchHit hit;
    hit.rank = static_cast<std::size_t>(request.offset) + k + 1;
    hit.score = order[k].score;
    if (!request.snippets && request.context == 0) {
      hit.passage.doc_id = hit_doc_id(it, !request.all_passages);
      results.hits.push_back(std::move(hit));
      continue;
    }
    hit.passage = decode_passage_record(it.get_document().get_data());
    if (request.snippets)
      hit.snippet = make_snippet(*analyzer_, hit.passage.text, built.terms, request.snippet_bytes,
                                 &hit.highlights);
    if (request.context > 0) fetch_context(hit, request.context);
    results.hits.push_back(std::move(hit));
  }
  return results;
}

void Searcher::fetch_context(SearchHit& hit, unsigned n) {
  const std::uint32_t p = hit.passage.passage_no;
  const std::uint32_t lo = p >= n ? p - n : 0;
  const std::uint64_t hi = static_cast<std::uint64_t>(p) + n;
  const std::string term = std::string(schema::kDocIdPrefix) + hit.passage.doc_id;
  for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
    Xapian::Document doc = db_.get_document(*it);
    // The value avoids decoding passages that are out of range.
    const double no = Xapian::sortable_unserialise(doc.get_value(schema::kSlotPassageNo));
    if (no < lo || no > static_cast<double>(hi) || no == static_cast<double>(p)) continue;
    PassageRecord r = decode_passage_record(doc.get_data());
    if (r.passage_no < p)
      hit.context_before.push_back(std::move(r));
    else if (r.passage_no > p)
      hit.context_after.push_back(std::move(r));
  }
  auto by_no = [](const PassageRecord& a, const PassageRecord& b) {
    return a.passage_no < b.passage_no;
  };
  std::sort(hit.context_before.begin(), hit.context_before.end(), by_no);
  std::sort(hit.context_after.begin(), hit.context_after.end(), by_no);
}

}  // namespace fahras
