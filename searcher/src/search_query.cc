#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <utility>

#include "fahras/field_search.h"
#include "fahras/normalizer.h"
#include "fahras/query_builder.h"
#include "fahras/schema.h"
#include "fahras/stopwords.h"
#include "fahras/tokenizer.h"
#include "fahras/xapian_stem.h"

namespace fahras {
namespace {

using schema::kStemPrefix;
using schema::kTitlePrefix;
using schema::kTitleStemPrefix;

bool starts_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

// A user-typed operator: QueryParser only recognises these in upper case,
// and normalisation would fold them to lower case.
bool is_operator_word(std::string_view w) {
  return w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ";
}

bool is_ascii_word_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '_';
}

// Quotation marks that users (and Arabic keyboards) type for phrases.
constexpr std::pair<std::string_view, char> kQuoteMap[] = {
    {"\xC2\xAB", '"'},      // «
    {"\xC2\xBB", '"'},      // »
    {"\xE2\x80\x9C", '"'},  // “
    {"\xE2\x80\x9D", '"'},  // ”
    {"\xE2\x80\x9E", '"'},  // „
    {"\xE2\x80\x9F", '"'},  // ‟
};

// Without a Z prefix QueryParser would produce unstemmed, position-less
// terms for --stemmer none, while the indexer writes Z<word> with positions.
class IdentityStem : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override { return word; }
  std::string get_description() const override { return "fahras-identity"; }
};

Xapian::Stem stem_for(StemmerKind kind) {
  if (kind == StemmerKind::kNone) return Xapian::Stem(new IdentityStem);
  return make_xapian_stem(kind);
}

// A query of quoted text is never "only stop words": the user asked for it.
bool has_phrase(std::string_view q) { return q.find('"') != std::string_view::npos; }

std::size_t max_paren_depth(std::string_view q) {
  std::size_t depth = 0, max_depth = 0;
  for (char c : q) {
    if (c == '(') max_depth = std::max(max_depth, ++depth);
    if (c == ')' && depth > 0) --depth;
  }
  return max_depth;
}

std::string quoted(std::string_view q) {
  constexpr std::size_t kShown = 80;
  if (q.size() <= kShown) return "\"" + std::string(q) + "\"";
  std::size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(q[cut]) & 0xC0) == 0x80) --cut;
  return "\"" + std::string(q.substr(0, cut)) + "…\" (" + std::to_string(q.size()) + " bytes)";
}

Xapian::Query or_of(const std::vector<Xapian::Query>& qs) {
  if (qs.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}

// A single term, or an OR of single terms: what QueryParser makes of plain
// words without operators, phrases or wildcards.
bool is_or_of_terms(const Xapian::Query& q) {
  if (q.get_type() == Xapian::Query::LEAF_TERM) return true;
  if (q.get_type() != Xapian::Query::OP_OR) return false;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    if (q.get_subquery(i).get_type() != Xapian::Query::LEAF_TERM) return false;
  return true;
}

}  // namespace

bool QueryTerms::matches(std::string_view norm, std::string_view stem) const {
  // std::set<std::string>::count needs a std::string; tokens are short.
  if (stems.count(std::string(stem)) || exact.count(std::string(norm))) return true;
  for (const auto& p : wildcard_prefixes)
    if (starts_with(norm, p)) return true;
  return false;
}

std::string prepare_query(std::string_view raw) {
  std::string q;
  q.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    bool mapped = false;
    for (const auto& [from, to] : kQuoteMap) {
      if (starts_with(raw.substr(i), from)) {
        q += to;
        i += from.size();
        mapped = true;
        break;
      }
    }
    if (!mapped) q += raw[i++];
  }

  // Normalise word runs only: QueryParser's syntax characters are ASCII
  // punctuation, kept byte for byte, and operator words keep their case.
  std::string out;
  out.reserve(q.size());
  for (std::size_t i = 0; i < q.size();) {
    if (!is_ascii_word_byte(static_cast<unsigned char>(q[i]))) {
      out += q[i++];
      continue;
    }
    std::size_t j = i;
    while (j < q.size() && is_ascii_word_byte(static_cast<unsigned char>(q[j]))) ++j;
    std::string_view run(q.data() + i, j - i);
    if (is_operator_word(run))
      out.append(run);
    else
      normalize_append(run, out);
    i = j;
  }
  return out;
}

QueryBuilder::QueryBuilder(Xapian::Database db, StemmerKind kind, RankingOptions ranking,
                           QueryLimits limits)
    : db_(std::move(db)),
      kind_(kind),
      ranking_(ranking),
      limits_(limits),
      stem_(stem_for(kind)),
      stopper_(std::make_unique<FahrasStopper>()) {
  parser_.set_database(db_);
  parser_.set_stemmer(stem_);
  parser_.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  if (ranking_.drop_stopwords) parser_.set_stopper(stopper_.get());
  parser_.set_default_op(Xapian::Query::OP_OR);
  parser_.add_prefix(std::string(schema::kTitleField), std::string(kTitlePrefix));
  try {
    fields_ = read_field_schema(db_);
  } catch (const FieldError& e) {
    throw Xapian::DatabaseCorruptError(std::string("bad typed-field record: ") + e.what());
  }
  register_fields(parser_, fields_);
  // Most frequent terms first, so "ا*" costs the same as a narrow wildcard.
  parser_.set_max_expansion(limits_.max_wildcard, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                            Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
}

// A body stem in more than common_term_ratio of the passages (e.g. the stem
// of لمن, "for whom", is من) carries almost no BM25 weight (Xapian floors
// its idf near zero) but its posting list covers nearly every passage, and
// skipping through it dominated such queries. Left out like a stop word, for
// plain-word queries only, and only while a rarer word remains.

// "Z" + the stem without its final nisba ي, when the query may also match it
// (see RankingOptions::nisba_weight); empty otherwise. Body stems only: the
// title bonus already covers titles.
std::string QueryBuilder::nisba_base_term(const std::string& term) const {
  static constexpr std::string_view kYa = "\xD9\x8A";  // ي
  if (ranking_.nisba_weight <= 0 || !starts_with(term, kStemPrefix) ||
      starts_with(term, kTitleStemPrefix))
    return {};
  const std::string_view stem = std::string_view(term).substr(kStemPrefix.size());
  // Three letters must remain (two-byte letters): شي, ري are not nisbas.
  if (stem.size() < 8 || stem.substr(stem.size() - kYa.size()) != kYa) return {};
  std::string base = term.substr(0, term.size() - kYa.size());
  if (!db_.term_exists(base)) return {};
  return base;
}

void QueryBuilder::drop_common_terms(BuiltQuery& built) {
  if (db_.get_doccount() < ranking_.common_term_min_passages) return;
  if (!is_or_of_terms(built.matching) || built.matching.get_num_subqueries() < 2) return;
  const double limit = ranking_.common_term_ratio * static_cast<double>(db_.get_doccount());
  std::set<std::string> common;
  bool rare_left = false;
  for (auto it = built.matching.get_unique_terms_begin(); it != built.matching.get_unique_terms_end();
       ++it) {
    const std::string& term = *it;
    const bool body_stem =
        starts_with(term, kStemPrefix) && !starts_with(term, kTitleStemPrefix) && !schema::is_field_term(term);
    if (body_stem && static_cast<double>(db_.get_termfreq(term)) > limit)
      common.insert(term);
    else
      rare_left = true;
  }
  if (common.empty() || !rare_left) return;
  std::vector<Xapian::Query> kept;
  for (std::size_t i = 0; i < built.matching.get_num_subqueries(); ++i) {
    Xapian::Query leaf = built.matching.get_subquery(i);
    if (!common.count(*leaf.get_terms_begin())) kept.push_back(leaf);
  }
  for (const auto& term : common)
    for (auto u = parser_.unstem_begin(term); u != parser_.unstem_end(term); ++u)
      built.stopped.push_back(*u);
  built.matching = kept.size() == 1 ? kept.front() : or_of(kept);
}

BuiltQuery QueryBuilder::build(std::string_view raw) {
  if (raw.size() > limits_.max_bytes)
    throw QueryError("query " + quoted(raw) + " is too long: " + std::to_string(raw.size()) +
                     " bytes (limit " + std::to_string(limits_.max_bytes) + ")");
  std::string q = expand_field_groups(prepare_query(raw), fields_);

  std::size_t words = 0;
  Tokenizer tokenizer;
  tokenizer.tokenize(q, [&](const Token&) { ++words; });
  if (words == 0) throw QueryError("query " + quoted(raw) + " has no words to search for");
  if (words > limits_.max_words)
    throw QueryError("query " + quoted(raw) + " has too many words: " + std::to_string(words) +
                     " (limit " + std::to_string(limits_.max_words) + ")");
  if (max_paren_depth(q) > limits_.max_nesting)
    throw QueryError("query " + quoted(raw) + " nests parentheses too deeply (limit " +
                     std::to_string(limits_.max_nesting) + ")");

  constexpr unsigned kFlags = Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                              Xapian::QueryParser::FLAG_LOVEHATE |
                              Xapian::QueryParser::FLAG_WILDCARD;
  BuiltQuery built;
  try {
    built.matching = parser_.parse_query(q, kFlags);
  } catch (const Xapian::QueryParserError& e) {
    throw QueryError("cannot parse query " + quoted(raw) + ": " + e.get_msg());
  }
  for (auto it = parser_.stoplist_begin(); it != parser_.stoplist_end(); ++it)
    built.stopped.push_back(*it);
  if (built.matching.empty()) {
    if (!built.stopped.empty())
      throw QueryError("query " + quoted(raw) + " has only stop words");
    throw QueryError("query " + quoted(raw) + " has no words to search for");
  }

  if (ranking_.common_term_ratio > 0) drop_common_terms(built);

  // Terms in query order; QueryParser keeps stop words when nothing else is
  // left, which ranks every passage by particles: refuse that instead.
  std::vector<std::string> body_stems;  // full Z terms, query order
  std::vector<Xapian::Query> exact, title;
  std::map<std::string, std::vector<Xapian::Query>> exact_of;  // term -> its exact forms
  bool all_stop = true;
  for (auto it = built.matching.get_terms_begin(); it != built.matching.get_terms_end(); ++it) {
    const std::string& term = *it;
    if (schema::is_field_term(term)) {  // filters and field words: not body words
      all_stop = false;
      continue;
    }
    std::vector<std::string> forms;
    for (auto u = parser_.unstem_begin(term); u != parser_.unstem_end(term); ++u) {
      std::string form = normalize(*u);
      if (std::find(forms.begin(), forms.end(), form) == forms.end()) forms.push_back(form);
    }
    for (const auto& f : forms)
      if (!is_stopword(f)) all_stop = false;
    if (forms.empty()) all_stop = false;

    std::vector<Xapian::Query>& term_exact = exact_of[term];
    term_exact.clear();  // a repeated term: the same forms again
    if (starts_with(term, kTitleStemPrefix)) {
      built.terms.stems.insert(term.substr(kTitleStemPrefix.size()));
      for (const auto& f : forms) {
        built.terms.exact.insert(f);
        term_exact.emplace_back(std::string(kTitlePrefix) + f);
      }
      exact.insert(exact.end(), term_exact.begin(), term_exact.end());
    } else if (starts_with(term, kStemPrefix)) {
      std::string stem = term.substr(kStemPrefix.size());
      built.terms.stems.insert(stem);
      for (const auto& f : forms) {
        built.terms.exact.insert(f);
        term_exact.emplace_back(f);
      }
      exact.insert(exact.end(), term_exact.begin(), term_exact.end());
      if (body_stems.empty() || body_stems.back() != term) body_stems.push_back(term);
      title.emplace_back(std::string(kTitleStemPrefix) + stem);
    } else if (starts_with(term, kTitlePrefix)) {
      built.terms.exact.insert(term.substr(kTitlePrefix.size()));
    } else {
      built.terms.exact.insert(term);
    }
  }
  // Wildcard prefixes, for highlighting: the word run before each '*'.
  for (std::size_t star = q.find('*'); star != std::string::npos; star = q.find('*', star + 1)) {
    std::size_t b = star;
    while (b > 0 && is_ascii_word_byte(static_cast<unsigned char>(q[b - 1]))) --b;
    if (b < star) built.terms.wildcard_prefixes.push_back(q.substr(b, star - b));
  }
  if (all_stop && built.terms.wildcard_prefixes.empty() && !has_phrase(q))
    throw QueryError("query " + quoted(raw) + " has only stop words");
  built.rank_terms = body_stems;


  // Layout matters for speed, not only for scores: Xapian skips through
  // every posting list of an AND_MAYBE's right side for each candidate the
  // left side offers. So when the parsed query is a plain OR of terms (most
  // queries), each term carries its own exact-form bonus,
  //   OR(AND_MAYBE(Zstem, exact forms of that word), ...),
  // and exact-form lists are only visited where their stem matched. An exact
  // form always comes with its stem in the same passage (the indexer writes
  // both for every token), so the scores are those of the general layout,
  //   AND_MAYBE(parsed, OR(exact, title, proximity)),
  // used for phrases, boolean operators and wildcards.
  std::vector<Xapian::Query> extras;
  auto add_extra = [&](Xapian::Query sub, double w) {
    if (w > 0 && !sub.empty()) extras.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, sub, w);
  };
  const bool per_term = ranking_.exact_weight > 0 && is_or_of_terms(built.matching);
  Xapian::Query base = built.matching;
  if (per_term) {
    std::vector<Xapian::Query> leaves;
    const std::size_t n = built.matching.get_num_subqueries();
    for (std::size_t i = 0; i < std::max<std::size_t>(n, 1); ++i) {
      Xapian::Query leaf = n == 0 ? built.matching : built.matching.get_subquery(i);
      const std::string leaf_term = *leaf.get_terms_begin();
      const auto found = exact_of.find(leaf_term);
      if (found != exact_of.end() && !found->second.empty()) {
        Xapian::Query bonus(Xapian::Query::OP_SCALE_WEIGHT, or_of(found->second),
                            ranking_.exact_weight);
        leaf = Xapian::Query(Xapian::Query::OP_AND_MAYBE, leaf, bonus);
      }
      const std::string base_term = nisba_base_term(leaf_term);
      if (!base_term.empty()) {
        built.terms.stems.insert(base_term.substr(kStemPrefix.size()));
        Xapian::Query also(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(base_term),
                           ranking_.nisba_weight);
        leaf = Xapian::Query(Xapian::Query::OP_OR, leaf, also);
      }
      leaves.push_back(leaf);
    }
    base = n == 0 ? leaves.front() : or_of(leaves);
  } else {
    add_extra(or_of(exact), ranking_.exact_weight);
  }
  add_extra(or_of(title), ranking_.title_weight);
  if (ranking_.proximity_weight > 0 && body_stems.size() > 1) {
    std::vector<Xapian::Query> pairs;
    for (std::size_t i = 0; i + 1 < body_stems.size(); ++i) {
      Xapian::Query pair[] = {Xapian::Query(body_stems[i]), Xapian::Query(body_stems[i + 1])};
      pairs.emplace_back(Xapian::Query::OP_NEAR, std::begin(pair), std::end(pair),
                         std::max(2u, ranking_.proximity_window));
    }
    add_extra(or_of(pairs), ranking_.proximity_weight);
  }
  built.query =
      extras.empty() ? base : Xapian::Query(Xapian::Query::OP_AND_MAYBE, base, or_of(extras));
  return built;
}

}  // namespace fahras
