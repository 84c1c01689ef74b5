// The searcher's side of typed fields (fields.h): field syntax in queries
// and filters, sorting by a field, the recency boost, and facet counts.
//
// Query syntax (registered on the QueryBuilder's QueryParser):
//   source:okaz             keyword filter (a boolean term: no effect on scores)
//   -source:okaz            excluded; source:okaz source:sabq means either
//   source:(okaz OR sabq)   the same as source:okaz source:sabq
//   date:2015-07-01..2015-07-31, date:..2015-07-15, date:2015-08..,
//   date:2015-07            ranges of dates (a day, month or year covers all
//                           of it), on the field's value slot
//   views:10..100           number ranges (Xapian::NumberRangeProcessor)
//   author:الغامدي          words of a text field (stemmed, like title:)
//
// Facets count the whole match set: on remote shards with
// Xapian::ValueCountMatchSpy on the field's facet slot, whose keys are
// "bucket\0document id" (schema.h): one key per matching document, whatever
// number of its passages match, so the counts are documents (passages with
// --all-passages) and stay exact over shards, whose spies Xapian merges;
// on local databases with a MatchSpy of fahras's giving the same counts
// faster (field_search.cc).
//
// Ownership: FieldSearch owns its match spies. facets() may run on another
// thread than the rest (it touches only the spies and its arguments). Thread safety: one per search, on one thread.
#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>
#include <nlohmann/json_fwd.hpp>

#include "fahras/fields.h"

namespace fahras {

class QueryBuilder;

// --sort: relevance (default), FIELD (ascending), -FIELD (descending).
struct SortSpec {
  std::string field;  // empty: relevance
  bool descending = false;
};
// Throws std::invalid_argument naming the bad value.
SortSpec parse_sort(std::string_view s);

// --facet FIELD or FIELD:day|month|year (dates; month by default).
struct FacetRequest {
  std::string field;
  std::string granularity;  // dates only; empty otherwise
};
FacetRequest parse_facet(std::string_view s);

// Additive boost: weight * 0.5^(age / half_life_days), age in days before
// the newest date in the database (so an archive is not all "old").
struct RecencyBoost {
  double half_life_days = 0;  // 0: off
  double weight = 1.0;
  // Throws fahras::UsageError unless both are in 0..1000000 (NaN too).
  void validate() const;
};

struct FacetValue {
  std::string label;  // keyword value, "2015-07" (month), number as text
  Xapian::doccount count = 0;
};

struct FacetResult {
  std::string field;
  std::string granularity;
  bool passages = false;            // counts are passages (--all-passages), else documents
  std::size_t distinct = 0;         // distinct buckets in the match set
  Xapian::doccount with_value = 0;  // documents (passages) of the match set that have the field
  std::vector<FacetValue> values;   // top N by count; dates in date order
};

// What SearchRequest asks of fields (searcher.h).
struct FieldOptions {
  std::vector<std::string> filters;  // --filter expressions, ANDed
  SortSpec sort;
  std::vector<FacetRequest> facets;
  std::size_t facet_limit = 10;
  RecencyBoost recency;
  bool empty() const { return filters.empty() && sort.field.empty() && facets.empty() && recency.half_life_days <= 0; }
};

// The fields recorded in a database (empty for one built before fields).
// Throws FieldError for a malformed record.
FieldSchema read_field_schema(const Xapian::Database& db);

// Registers every field's syntax on `parser` (QueryBuilder does this).
void register_fields(Xapian::QueryParser& parser, const FieldSchema& fields);

// Rewrites FIELD:(a OR b ...) and -FIELD:(a OR b) for keyword fields into
// FIELD:a FIELD:b (-FIELD:a -FIELD:b): Xapian 1.4's QueryParser does not
// group a boolean prefix's values, and ORs filters on one field. Throws
// QueryError for AND inside such a group, a missing ')', or NAME:value
// where NAME is neither a field of the database nor title (which would
// otherwise search the words "NAME" and "value" and silently find nothing).
std::string expand_field_groups(std::string_view query, const FieldSchema& fields);

// Applies FieldOptions to one search. Throws QueryError (unknown field,
// wrong type for a sort or facet, bad filter).
class FieldSearch {
 public:
  FieldSearch(const FieldOptions& options, const FieldSchema& fields, QueryBuilder& builder,
              const Xapian::Database& db);
  ~FieldSearch();

  // The query with filters and the recency boost applied.
  Xapian::Query wrap(const Xapian::Query& query) const;
  // Sort order.
  void configure(Xapian::Enquire& enquire) const;
  bool sorted() const { return sort_ != nullptr; }
  bool counting() const { return !spies_.empty(); }
  // The facet counts over the whole match set of `query` (the ranked
  // query, filters included). A match of its own, unweighted (BoolWeight):
  // the ranked search keeps stopping early, and this pass skips BM25 for
  // each of the passages it must visit. `remote`: some shard is remote
  // (then Xapian's ValueCountMatchSpy, which the servers run and merge).
  std::vector<FacetResult> facets(const Xapian::Database& db, const Xapian::Query& query,
                                  const Xapian::MatchDecider* decider, bool passages, bool remote) const;

 private:
  struct Spy;
  const FieldOptions& options_;
  const FieldSpec* sort_ = nullptr;
  Xapian::Query filter_;
  Xapian::Query boost_;
  std::vector<std::unique_ptr<Spy>> spies_;  // mutable counts: facets() refills them
};

// Facets for people: one block per field, values aligned with their counts.
void write_facets_text(std::ostream& out, const std::vector<FacetResult>& facets);
// Facets as the answer object's "facets" member: {"source": {"counts":
// "documents", "distinct": 14, "with_value": 120, "values": [{"value":
// "okaz", "count": 30}, ...]}, "date:month": {...}}.
nlohmann::ordered_json facets_json(const std::vector<FacetResult>& facets);

// fahras-search --describe: the analyser, counts, and each field with its
// type, slots and what the database holds for it.
void describe_database(std::ostream& out, const std::string& path, const Xapian::Database& db);

}  // namespace fahras
