#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "fahras/error.h"
#include "fahras/field_search.h"
#include "fahras/query_builder.h"
#include "fahras/schema.h"

namespace fahras {
namespace {

// Facet granularities of a date field: how much of "YYYY-MM-DD" is kept.
struct Granularity {
  std::string_view name;
  std::size_t bucket_bytes;
};
constexpr Granularity kDateGranularities[] = {{"day", 10}, {"month", 7}, {"year", 4}};
constexpr std::string_view kDefaultDateGranularity = "month";

// The recency boost's map covers at most this many days back from the
// newest date (older passages get no boost): ValueMapPostingSource is sent
// whole to remote shards.
constexpr std::int64_t kMaxRecencyDays = 36600;

// keyword: filter terms built exactly as the indexer builds them (normalised,
// cut to the term limit), whatever QueryParser did to the text.
class KeywordProcessor : public Xapian::FieldProcessor {
 public:
  explicit KeywordProcessor(FieldSpec field) : field_(std::move(field)) {}
  Xapian::Query operator()(const std::string& value) override { return Xapian::Query(keyword_term(field_, value)); }

 private:
  FieldSpec field_;
};

// The passages dated from second `lo` to second `hi`: the date terms of the
// days they cover (fields.h: date_terms), and, when a bound falls inside a
// day (date:2015-07-21T10:00..), the value compared as well to trim the
// first and last day.
Xapian::Query date_span_query(const FieldSpec& field, std::int64_t lo, std::int64_t hi) {
  const Xapian::Query values(Xapian::Query::OP_VALUE_RANGE, field.value_slot(),
                             Xapian::sortable_serialise(static_cast<double>(lo)),
                             Xapian::sortable_serialise(static_cast<double>(hi)));
  // Centuries (date:1000..2999) would be thousands of year terms.
  constexpr std::int64_t kMaxYears = 200;
  if (hi - lo > kMaxYears * 366 * 86400) return values;
  const std::vector<std::string> terms = date_cover_terms(field, lo, hi);
  Xapian::Query days(Xapian::Query::OP_OR, terms.begin(), terms.end());
  const bool whole_days = lo % 86400 == 0 && (hi + 1) % 86400 == 0;
  if (whole_days) return days;
  return Xapian::Query(Xapian::Query::OP_FILTER, days, values);
}

// date:A..B with A and B dates of any precision (a year, a month, a day, a
// time); either may be empty (an open range).
class DateProcessor : public Xapian::RangeProcessor {
 public:
  explicit DateProcessor(const FieldSpec& field)
      : RangeProcessor(field.value_slot(), field.name + ":"), field_(field), name_(field.name) {}
  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    std::int64_t lo = 0, hi = 0;
    if (!begin.empty()) lo = span(begin).first;
    if (!end.empty()) hi = span(end).second;
    if (!begin.empty() && !end.empty() && hi < lo)
      throw Xapian::QueryParserError(name_ + ":" + begin + ".." + end + " ends before it begins");
    const std::string slo = Xapian::sortable_serialise(static_cast<double>(lo));
    const std::string shi = Xapian::sortable_serialise(static_cast<double>(hi));
    // Open ranges are usually broad: the value comparison is as good there.
    if (begin.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, shi);
    if (end.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, slo);
    return date_span_query(field_, lo, hi);
  }

 private:
  std::pair<std::int64_t, std::int64_t> span(const std::string& s) const {
    const auto r = parse_date_span(s);
    if (!r)
      throw Xapian::QueryParserError(name_ + ": \"" + s +
                                     "\" is not a date (2015, 2015-07, 2015-07-21 or 2015-07-21T10:00)");
    return *r;
  }
  FieldSpec field_;
  std::string name_;
};

// date:2015-08 (no ".."): the span of one year, month, day or minute.
class DateValueProcessor : public Xapian::FieldProcessor {
 public:
  explicit DateValueProcessor(const FieldSpec& field) : field_(field), name_(field.name) {}
  Xapian::Query operator()(const std::string& value) override {
    const auto r = parse_date_span(value);
    if (!r)
      throw Xapian::QueryParserError(name_ + ": \"" + value +
                                     "\" is not a date (2015, 2015-07, 2015-07-21 or 2015-07-21T10:00)");
    return date_span_query(field_, r->first, r->second);
  }

 private:
  FieldSpec field_;
  std::string name_;
};

// n:5 (no ".."): exactly that number.
class NumberValueProcessor : public Xapian::FieldProcessor {
 public:
  explicit NumberValueProcessor(const FieldSpec& field) : slot_(field.value_slot()), name_(field.name) {}
  Xapian::Query operator()(const std::string& value) override {
    char* end = nullptr;
    const double d = std::strtod(value.c_str(), &end);
    if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(d))
      throw Xapian::QueryParserError(name_ + ": \"" + value + "\" is not a number");
    const std::string v = Xapian::sortable_serialise(d);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot_, v, v);
  }

 private:
  Xapian::valueno slot_;
  std::string name_;
};

const FieldSpec& need_field(const FieldSchema& fields, const std::string& name, std::string_view what) {
  const FieldSpec* f = fields.find(name);
  if (!f) {
    std::string known;
    for (const FieldSpec& k : fields.fields()) known += (known.empty() ? "" : ", ") + k.name;
    throw QueryError(std::string(what) + ": no field \"" + name + "\" in this database (" +
                     (known.empty() ? "it has no typed fields" : "fields: " + known) + ")");
  }
  if (!f->has_values())
    throw QueryError(std::string(what) + ": \"" + name + "\" is a text field; only keyword, date and number fields " +
                     "can be sorted and counted");
  return *f;
}

std::string number_label(std::string_view serialised) {
  const double d = Xapian::sortable_unserialise(std::string(serialised));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

}  // namespace

SortSpec parse_sort(std::string_view s) {
  SortSpec spec;
  if (s.empty() || s == "relevance") return spec;
  if (s.front() == '-') {
    spec.descending = true;
    s.remove_prefix(1);
  } else if (s.front() == '+') {
    s.remove_prefix(1);
  }
  if (!valid_field_name(s)) throw std::invalid_argument("--sort: \"" + std::string(s) + "\" is not a field name");
  spec.field.assign(s);
  return spec;
}

FacetRequest parse_facet(std::string_view s) {
  FacetRequest r;
  const std::size_t colon = s.find(':');
  r.field.assign(s.substr(0, colon));
  if (colon != std::string_view::npos) r.granularity.assign(s.substr(colon + 1));
  if (!valid_field_name(r.field)) throw std::invalid_argument("--facet: \"" + r.field + "\" is not a field name");
  return r;
}

FieldSchema read_field_schema(const Xapian::Database& db) {
  const std::string record = db.get_metadata(std::string(schema::kMetaFields));
  if (record.empty()) return {};
  return FieldSchema::parse(record);
}

void register_fields(Xapian::QueryParser& parser, const FieldSchema& fields) {
  for (const FieldSpec& f : fields.fields()) {
    switch (f.type) {
      case FieldType::kKeyword: parser.add_boolean_prefix(f.name, (new KeywordProcessor(f))->release()); break;
      case FieldType::kDate:
        parser.add_rangeprocessor((new DateProcessor(f))->release());
        parser.add_boolean_prefix(f.name, (new DateValueProcessor(f))->release());
        break;
      case FieldType::kNumber:
        parser.add_rangeprocessor((new Xapian::NumberRangeProcessor(f.value_slot(), f.name + ":"))->release());
        parser.add_boolean_prefix(f.name, (new NumberValueProcessor(f))->release());
        break;
      case FieldType::kText: parser.add_prefix(f.name, f.prefix()); break;
    }
  }
}

std::string expand_field_groups(std::string_view q, const FieldSchema& fields) {
  std::string out;
  out.reserve(q.size());
  std::size_t i = 0;
  while (i < q.size()) {
    // A field name starts a word: at the start, or after a space, '(' or a sign.
    const bool word_start = i == 0 || q[i - 1] == ' ' || q[i - 1] == '(' || q[i - 1] == '-' || q[i - 1] == '+';
    // NAME: at a word start, NAME an identifier: a field, title, or a mistake.
    std::size_t colon = i;
    while (word_start && colon < q.size() &&
           ((q[colon] >= 'a' && q[colon] <= 'z') || (q[colon] >= '0' && q[colon] <= '9') || q[colon] == '_'))
      ++colon;
    const FieldSpec* f = nullptr;
    if (word_start && colon > i && colon + 1 < q.size() && q[colon] == ':' && q[i] >= 'a' && q[i] <= 'z' &&
        q[colon + 1] != ' ' && q[colon + 1] != '/') {
      const std::string_view name = q.substr(i, colon - i);
      f = fields.find(name);
      if (!f && name != schema::kTitleField && name != schema::kRootField && name != schema::kStemField) {
        std::string known;
        for (const FieldSpec& k : fields.fields()) known += (known.empty() ? "" : ", ") + k.name;
        throw QueryError(
            "query: no field \"" + std::string(name) + "\" in this database (" +
            (known.empty() ? "it has no typed fields; see fahras-search --describe" : "fields: title, " + known) + ")");
      }
      if (f && (f->type != FieldType::kKeyword || q[colon + 1] != '(')) f = nullptr;
    }
    if (!f) {
      out.push_back(q[i++]);
      continue;
    }
    const std::string sign = !out.empty() && (out.back() == '-' || out.back() == '+') ? std::string(1, out.back()) : "";
    if (!sign.empty()) out.pop_back();
    const std::size_t close = q.find(')', colon + 2);
    if (close == std::string_view::npos) throw QueryError("query: " + f->name + ":( has no closing parenthesis");
    const std::string_view inside = q.substr(colon + 2, close - colon - 2);
    // Values: words or "quoted values", separated by spaces and OR.
    std::vector<std::string> values;
    for (std::size_t j = 0; j < inside.size();) {
      if (inside[j] == ' ') {
        ++j;
        continue;
      }
      std::size_t end;
      std::string value;
      if (inside[j] == '"') {
        end = inside.find('"', j + 1);
        if (end == std::string_view::npos) end = inside.size();
        value.assign(inside.substr(j, end + 1 - j));
        j = end + 1;
      } else {
        end = inside.find(' ', j);
        if (end == std::string_view::npos) end = inside.size();
        value.assign(inside.substr(j, end - j));
        j = end;
      }
      if (value == "OR") continue;
      if (value == "AND" || value == "NOT" || value == "XOR")
        throw QueryError("query: " + f->name + ":(...) takes values joined by OR (a document has one " + f->name +
                         "), not " + value);
      values.push_back(std::move(value));
    }
    if (values.empty()) throw QueryError("query: " + f->name + ":() has no values");
    for (std::size_t v = 0; v < values.size(); ++v) {
      if (v > 0) out.push_back(' ');
      out += sign + f->name + ":" + values[v];
    }
    i = close + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------
// FieldSearch

struct FieldSearch::Spy {
  const FieldSpec* field;
  std::unique_ptr<Xapian::ValueCountMatchSpy> spy;  // made by each facets() call
  std::vector<const FacetRequest*> requests;
  explicit Spy(const FieldSpec* f) : field(f) {}
};

FieldSearch::FieldSearch(const FieldOptions& options, const FieldSchema& fields, QueryBuilder& builder,
                         const Xapian::Database& db)
    : options_(options) {
  for (const std::string& f : options.filters) {
    Xapian::Query q = builder.parse_filter(f);
    filter_ = filter_.empty() ? q : Xapian::Query(Xapian::Query::OP_AND, filter_, q);
  }
  if (!options.sort.field.empty()) sort_ = &need_field(fields, options.sort.field, "--sort");
  for (const FacetRequest& r : options.facets) {
    const FieldSpec& f = need_field(fields, r.field, "--facet");
    if (f.type == FieldType::kDate) {
      const std::string_view g = r.granularity.empty() ? kDefaultDateGranularity : std::string_view(r.granularity);
      if (std::none_of(std::begin(kDateGranularities), std::end(kDateGranularities),
                       [&](const Granularity& k) { return k.name == g; }))
        throw QueryError("--facet " + r.field + ":" + r.granularity + ": a date facet is by day, month or year");
    } else if (!r.granularity.empty()) {
      throw QueryError("--facet " + r.field + ":" + r.granularity + ": only date facets take :day, :month or :year");
    }
    auto it = std::find_if(spies_.begin(), spies_.end(), [&](const auto& s) { return s->field == &f; });
    if (it == spies_.end()) {
      spies_.push_back(std::make_unique<Spy>(&f));
      it = spies_.end() - 1;
    }
    (*it)->requests.push_back(&r);
  }
  if (options.recency.half_life_days > 0) {
    const FieldSpec* date = fields.first_date();
    if (!date) throw QueryError("--recency: this database has no date field");
    const auto newest = day_number(db.get_value_upper_bound(date->day_slot()));
    const auto oldest = day_number(db.get_value_lower_bound(date->day_slot()));
    if (newest && oldest) {
      auto* source = new Xapian::ValueMapPostingSource(date->day_slot());
      source->set_default_weight(0);
      for (std::int64_t d = std::max(*oldest, *newest - kMaxRecencyDays); d <= *newest; ++d) {
        const double age = static_cast<double>(*newest - d);
        source->add_mapping(day_from_number(d),
                            options.recency.weight * std::pow(0.5, age / options.recency.half_life_days));
      }
      boost_ = Xapian::Query(source->release());
    }
  }
}

FieldSearch::~FieldSearch() = default;

Xapian::Query FieldSearch::wrap(const Xapian::Query& query) const {
  Xapian::Query q = query;
  if (!boost_.empty()) q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, boost_);
  if (!filter_.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, filter_);
  return q;
}

void FieldSearch::configure(Xapian::Enquire& enquire) const {
  if (sort_) enquire.set_sort_by_value_then_relevance(sort_->value_slot(), options_.sort.descending);
}

namespace {

// Local shards: the same counts as the ValueCountMatchSpy on facet keys, for
// less: each matching passage's document is looked up in a hash set by its
// id (value slot kSlotDocId), and only a document's first matching passage
// reads the facet slots and counts, in small maps of buckets. (The facet-key
// spy keeps one map entry per document: 4x the cost on 100,000 passages.)
// Remote shards cannot run it (xapian-tcpsrv knows only Xapian's spies).
class DocumentFacetSpy : public Xapian::MatchSpy {
 public:
  DocumentFacetSpy(std::vector<Xapian::valueno> slots, bool passages)
      : slots_(std::move(slots)), passages_(passages), counts_(slots_.size()) {}
  void operator()(const Xapian::Document& doc, double) override {
    if (!passages_ && !seen_.insert(std::hash<std::string>{}(doc.get_value(schema::kSlotDocId))).second) return;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      const std::string key = doc.get_value(slots_[i]);
      if (!key.empty()) ++counts_[i][std::string(facet_bucket(key))];
    }
  }
  // Bucket -> count, for slots_[i].
  const std::unordered_map<std::string, Xapian::doccount>& counts(std::size_t i) const { return counts_[i]; }

 private:
  std::vector<Xapian::valueno> slots_;
  bool passages_;
  std::unordered_set<std::uint64_t> seen_;
  std::vector<std::unordered_map<std::string, Xapian::doccount>> counts_;
};

}  // namespace

std::vector<FacetResult> FieldSearch::facets(const Xapian::Database& db, const Xapian::Query& query,
                                             const Xapian::MatchDecider* decider, bool passages, bool remote) const {
  std::vector<FacetResult> out;
  if (spies_.empty()) return out;
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  std::vector<Xapian::valueno> slots;
  for (const auto& s : spies_) slots.push_back(s->field->facet_slot());
  DocumentFacetSpy local(slots, passages);
  if (remote) {
    for (const auto& s : spies_) {
      s->spy = std::make_unique<Xapian::ValueCountMatchSpy>(s->field->facet_slot());  // fresh counts
      enquire.add_matchspy(s->spy.get());
    }
  } else {
    enquire.add_matchspy(&local);
  }
  // No hits wanted; check_at_least = every passage makes the matcher visit
  // the whole match set.
  enquire.get_mset(0, 0, db.get_doccount(), nullptr, decider);
  // Per spy: bucket -> documents (passages) of the match set.
  std::vector<std::map<std::string, Xapian::doccount>> by_spy(spies_.size());
  for (std::size_t i = 0; i < spies_.size(); ++i) {
    if (remote) {
      // One key per matching document (and its count of matching passages).
      for (auto it = spies_[i]->spy->values_begin(); it != spies_[i]->spy->values_end(); ++it)
        by_spy[i][std::string(facet_bucket(*it))] += passages ? it.get_termfreq() : 1;
    } else {
      for (const auto& [bucket, n] : local.counts(i)) by_spy[i][bucket] += n;
    }
  }
  for (const FacetRequest& r : options_.facets) {
    const Spy* spy = nullptr;
    std::size_t index = 0;
    for (std::size_t i = 0; i < spies_.size(); ++i)
      if (std::find(spies_[i]->requests.begin(), spies_[i]->requests.end(), &r) != spies_[i]->requests.end()) {
        spy = spies_[i].get();
        index = i;
      }
    if (!spy) continue;
    const FieldSpec& f = *spy->field;
    FacetResult res;
    res.field = f.name;
    res.passages = passages;
    std::size_t keep = std::string::npos;
    if (f.type == FieldType::kDate) {
      res.granularity = r.granularity.empty() ? std::string(kDefaultDateGranularity) : r.granularity;
      for (const auto& g : kDateGranularities)
        if (g.name == res.granularity) keep = g.bucket_bytes;
    }
    std::map<std::string, Xapian::doccount> buckets;
    for (const auto& [bucket, n] : by_spy[index]) {
      buckets[bucket.substr(0, keep)] += n;
      res.with_value += n;
    }
    res.distinct = buckets.size();
    std::vector<FacetValue> values;
    values.reserve(buckets.size());
    for (auto& [bucket, count] : buckets)
      values.push_back({f.type == FieldType::kNumber ? number_label(bucket) : bucket, count});
    // Top N by count (ties: in value order, which the map gave).
    std::stable_sort(values.begin(), values.end(),
                     [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
    if (values.size() > options_.facet_limit) values.resize(options_.facet_limit);
    if (f.type == FieldType::kDate)
      std::sort(values.begin(), values.end(),
                [](const FacetValue& a, const FacetValue& b) { return a.label < b.label; });
    res.values = std::move(values);
    out.push_back(std::move(res));
  }
  return out;
}

}  // namespace fahras

namespace fahras {

Xapian::Query QueryBuilder::parse_filter(std::string_view raw) {
  if (raw.size() > limits_.max_bytes)
    throw QueryError("--filter is too long: " + std::to_string(raw.size()) + " bytes (limit " +
                     std::to_string(limits_.max_bytes) + ")");
  // "-FIELD:v" alone would lose its sign (QueryParser drops a query of only
  // excluded terms): written as "NOT FIELD:v", which FLAG_PURE_NOT allows.
  // expand_field_groups names the query ("query: no field ..."); here the
  // fault is in the filter, so the message names the filter instead.
  std::string expanded;
  try {
    expanded = expand_field_groups(prepare_query(raw), fields_);
  } catch (const QueryError& e) {
    std::string why = e.what();
    if (why.rfind("query: ", 0) == 0) why.erase(0, 7);
    throw QueryError("--filter \"" + std::string(raw) + "\": " + why);
  }
  std::string q;
  bool in_quotes = false;
  for (std::size_t i = 0; i < expanded.size(); ++i) {
    const char c = expanded[i];
    if (c == '"') in_quotes = !in_quotes;
    if (c == '-' && !in_quotes && (i == 0 || expanded[i - 1] == ' ' || expanded[i - 1] == '(')) {
      q += "NOT ";
      continue;
    }
    q.push_back(c);
  }
  constexpr unsigned kFlags = Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                              Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_PURE_NOT;
  Xapian::Query parsed;
  try {
    parsed = parser_.parse_query(q, kFlags);
  } catch (const Xapian::QueryParserError& e) {
    throw QueryError("cannot parse --filter \"" + std::string(raw) + "\": " + e.get_msg());
  }
  if (parsed.empty()) throw QueryError("--filter \"" + std::string(raw) + "\" has nothing to filter on");
  return parsed;
}

void RecencyBoost::validate() const {
  if (!(half_life_days >= 0 && half_life_days <= 1e6) || !(weight >= 0 && weight <= 1e6))
    throw UsageError("--recency and --recency-weight must be 0..1000000");
}

}  // namespace fahras
