#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "fahras/field_search.h"
#include "fahras/normalizer.h"
#include "fahras/query_builder.h"
#include "fahras/root.h"
#include "fahras/schema.h"
#include "fahras/stopwords.h"
#include "fahras/tokenizer.h"
#include "fahras/variants.h"
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
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
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

// Normalised word -> the word as typed (its first occurrence), so that
// messages about words show what the user wrote (على, not its normalised علي).
std::map<std::string, std::string> typed_forms(std::string_view raw) {
  std::map<std::string, std::string> out;
  Tokenizer tokenizer;
  tokenizer.tokenize(raw, [&](const Token& t) {
    out.emplace(std::string(t.norm), std::string(raw.substr(t.begin, t.end - t.begin)));
  });
  return out;
}

bool has_operator_word(std::string_view q) {
  for (std::size_t i = 0; i < q.size();) {
    if (!is_ascii_word_byte(static_cast<unsigned char>(q[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < q.size() && is_ascii_word_byte(static_cast<unsigned char>(q[j]))) ++j;
    if (is_operator_word(q.substr(i, j - i))) return true;
    i = j;
  }
  return false;
}

// Words only: no phrase, group, wildcard, field, +/- or operator.
bool is_plain_words(std::string_view q) {
  return q.find_first_of("\"()*:+-") == std::string_view::npos && !has_operator_word(q);
}

// Syntax that Xapian 1.4's QueryParser may reject with "parse error", which
// it then answers by parsing the query again as plain words, silently: an
// unmatched quote or parenthesis, an operator, a wildcard, a leading '-', a
// phrase of several words. (Balanced quotes or brackets around one word mean
// the same as the word alone, and are not announced.)
bool syntax_may_fail(std::string_view q) {
  if (has_operator_word(q) || q.find('*') != std::string_view::npos) return true;
  if (std::count(q.begin(), q.end(), '"') % 2 != 0) return true;
  long depth = 0;
  for (std::size_t i = 0; i < q.size(); ++i) {
    if (q[i] == '(') ++depth;
    if (q[i] == ')' && --depth < 0) return true;
    if (q[i] == '-' && (i == 0 || q[i - 1] == ' ' || q[i - 1] == '(')) return true;
  }
  if (depth != 0) return true;
  for (std::size_t open = q.find('"'); open != std::string_view::npos;) {
    const std::size_t close = q.find('"', open + 1);
    if (close == std::string_view::npos) break;
    std::string_view inside = q.substr(open + 1, close - open - 1);
    while (!inside.empty() && inside.front() == ' ') inside.remove_prefix(1);
    while (!inside.empty() && inside.back() == ' ') inside.remove_suffix(1);
    if (inside.find(' ') != std::string_view::npos) return true;
    open = q.find('"', close + 1);
  }
  return false;
}

// One operand or operator of a NEAR/ADJ chain: a quoted phrase, a word, or
// NEAR / ADJ with an optional "/N".
struct ChainItem {
  enum Kind { kPhrase, kWord, kNear, kAdj } kind;
  std::string text;         // operand as written (quotes included)
  Xapian::termcount n = 0;  // operators: the window's N (10 if not given)
};

// Splits q into a NEAR/ADJ chain; false if q is anything else.
bool split_chain(std::string_view q, std::vector<ChainItem>& out) {
  for (std::size_t i = 0; i < q.size();) {
    if (q[i] == ' ' || q[i] == '\t') {
      ++i;
      continue;
    }
    if (q[i] == '"') {
      const std::size_t close = q.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      out.push_back({ChainItem::kPhrase, std::string(q.substr(i, close - i + 1))});
      i = close + 1;
      continue;
    }
    if (!is_ascii_word_byte(static_cast<unsigned char>(q[i]))) return false;
    std::size_t j = i;
    while (j < q.size() && is_ascii_word_byte(static_cast<unsigned char>(q[j]))) ++j;
    const std::string_view word = q.substr(i, j - i);
    if (word == "NEAR" || word == "ADJ") {
      ChainItem op{word == "NEAR" ? ChainItem::kNear : ChainItem::kAdj, std::string(word), 10};
      if (j < q.size() && q[j] == '/') {
        std::size_t k = j + 1;
        Xapian::termcount n = 0;
        while (k < q.size() && q[k] >= '0' && q[k] <= '9' && n < 1000000)
          n = n * 10 + static_cast<Xapian::termcount>(q[k++] - '0');
        if (k == j + 1) return false;
        op.n = n;
        j = k;
      }
      out.push_back(op);
    } else if (is_operator_word(word)) {
      return false;
    } else {
      out.push_back({ChainItem::kWord, std::string(word)});
    }
    i = j;
  }
  // operand (op operand)+, one kind of operator throughout
  if (out.size() < 3 || out.size() % 2 == 0) return false;
  for (std::size_t k = 0; k < out.size(); ++k) {
    const bool operand = out[k].kind == ChainItem::kPhrase || out[k].kind == ChainItem::kWord;
    if (operand != (k % 2 == 0)) return false;
    if (k % 2 == 1 && out[k].kind != out[1].kind) return false;
  }
  return true;
}

// A phrase next to NEAR or ADJ: `"…" NEAR`, `NEAR "…"`, `NEAR/5 "…"`.
bool has_phrase_by_window_operator(std::string_view q) {
  for (std::string_view op : {std::string_view("NEAR"), std::string_view("ADJ")}) {
    for (std::size_t at = q.find(op); at != std::string_view::npos; at = q.find(op, at + 1)) {
      std::size_t b = at;
      while (b > 0 && q[b - 1] == ' ') --b;
      if (b > 0 && q[b - 1] == '"') return true;
      std::size_t e = at + op.size();
      if (e < q.size() && q[e] == '/')
        while (++e < q.size() && q[e] >= '0' && q[e] <= '9') {
        }
      while (e < q.size() && q[e] == ' ') ++e;
      if (e < q.size() && q[e] == '"') return true;
    }
  }
  return false;
}

// `root:word` (typed `>>word`) and `stem:word` (typed `>word`): the word's
// root class or stem class, as one OR: its stem, its exact form (the usual
// exact-form bonus) and, for a root, its root term at root_weight. A word
// without a root is searched by its stem class, with a notice.
class ClassField : public Xapian::FieldProcessor {
 public:
  ClassField(Xapian::Stem stem, const RankingOptions& ranking, bool root,
             std::shared_ptr<std::vector<std::string>> notices)
      : stem_(std::move(stem)), ranking_(ranking), root_(root), notices_(std::move(notices)) {}

  Xapian::Query operator()(const std::string& text) override {
    const std::string norm = normalize(text);
    if (norm.empty()) return {};
    std::vector<Xapian::Query> parts;
    parts.emplace_back(std::string(kStemPrefix) + stem_(norm));
    if (ranking_.exact_weight > 0)
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(norm), ranking_.exact_weight);
    if (root_) {
      const Root r = RootAnalyzer{}.root(norm);
      if (r.empty()) {
        notices_->push_back("'" + text + "' has no root (a particle, a name or a word the root analyser does not " +
                            "explain): its stem class was searched");
      } else {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                           Xapian::Query(std::string(schema::kRootPrefix) + std::string(r.view())),
                           ranking_.root_weight);
      }
    }
    return or_of(parts);
  }

 private:
  Xapian::Stem stem_;
  RankingOptions ranking_;
  bool root_;
  std::shared_ptr<std::vector<std::string>> notices_;  // shared with the QueryBuilder
};

// `>>word` -> `root:word`, `>word` -> `stem:word`, where the '>' starts a
// query word (after a space, a bracket, a quote or +/-). Sets `root` when a
// root operator was written.
std::string rewrite_class_operators(const std::string& q, bool& root) {
  std::string out;
  out.reserve(q.size() + 8);
  for (std::size_t i = 0; i < q.size();) {
    const bool starts_word =
        i == 0 || q[i - 1] == ' ' || q[i - 1] == '(' || q[i - 1] == '"' || q[i - 1] == '+' || q[i - 1] == '-';
    if (q[i] != '>' || !starts_word) {
      out += q[i++];
      continue;
    }
    std::size_t j = i;
    while (j < q.size() && q[j] == '>') ++j;
    if (j - i > 2 || j == q.size() || !is_ascii_word_byte(static_cast<unsigned char>(q[j]))) {
      out.append(q, i, j - i);  // not an operator: left for QueryParser to ignore
      i = j;
      continue;
    }
    if (j - i == 2) root = true;
    out += j - i == 2 ? schema::kRootField : schema::kStemField;
    out += ':';
    i = j;
  }
  if (out.find(std::string(schema::kRootField) + ":") != std::string::npos) root = true;
  return out;
}

}  // namespace

void RankingOptions::validate() const {
  if (!(bm25_k1 >= 0) || !(bm25_b >= 0 && bm25_b <= 1)) throw UsageError("--bm25 takes k1 >= 0 and b in 0..1");
  if (exact_weight < 0 || title_weight < 0 || proximity_weight < 0)
    throw UsageError("ranking weights must not be negative");
  if (nisba_weight < 0) throw UsageError("--nisba-weight must not be negative");
  if (coverage_exponent < 0 || pair_weight < 0 || title_cover_weight < 0)
    throw UsageError("--coverage-exponent and --pair-weight must not be negative");
  if (common_term_ratio < 0 || common_term_ratio > 1) throw UsageError("--common-term-ratio must be between 0 and 1");
  if (common_bonus_ratio < 0 || common_bonus_ratio > 1)
    throw UsageError("--common-bonus-ratio must be between 0 and 1");
  // The upper bounds also catch negative numbers, which Boost wraps to huge unsigned values.
  if (rerank_depth > 100000) throw UsageError("--rerank-depth must be 0..100000");
  if (pair_window < 1 || pair_window > 1000) throw UsageError("--pair-window must be 1..1000");
  if (proximity_window < 1 || proximity_window > 1000) throw UsageError("--proximity-window must be 1..1000");
  if (!(variant_weight >= 0 && variant_weight <= 1) || !(synonym_weight >= 0 && synonym_weight <= 1))
    throw UsageError("--variant-weight and --synonym-weight must be between 0 and 1");
  if (!(name_thresholds.max_rest_share >= 0 && name_thresholds.max_rest_share <= 1))
    throw UsageError("--name-thresholds takes a share of 0..1");
  // Above 1 a root-mate would outrank the stem class (RankingOptions::root_weight).
  if (!(root_weight >= 0 && root_weight <= 1)) throw UsageError("root_weight must be between 0 and 1");
}

bool QueryTerms::matches(std::string_view norm, std::string_view stem) const {
  if (stems.find(stem) != stems.end() || exact.find(norm) != exact.end()) return true;
  if (!roots.empty()) {
    const Root r = RootAnalyzer{}.root(norm);
    if (!r.empty() && roots.find(r.view()) != roots.end()) return true;
  }
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
    if (is_operator_word(run)) out.append(run);
    else normalize_append(run, out);
    i = j;
  }
  return out;
}

QueryBuilder::QueryBuilder(Xapian::Database db, StemmerKind kind, RankingOptions ranking, QueryLimits limits)
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
  root_terms_ = db_.get_metadata(std::string(schema::kMetaRootTerms)) == "on";
  title_in_body_ = !db_.get_metadata(std::string(schema::kMetaTitleWdf)).empty();
  root_analyzer_ = schema::recorded_root_analyzer(db_);
  root_field_ = std::make_unique<ClassField>(stem_, ranking_, true, field_notices_);
  stem_field_ = std::make_unique<ClassField>(stem_, ranking_, false, field_notices_);
  if (!fields_.find(schema::kRootField)) parser_.add_prefix(std::string(schema::kRootField), root_field_.get());
  if (!fields_.find(schema::kStemField)) parser_.add_prefix(std::string(schema::kStemField), stem_field_.get());
  // Most frequent terms first, so "ا*" costs the same as a narrow wildcard.
  parser_.set_max_expansion(limits_.max_wildcard, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                            Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
}

// "Z" + the stem without its final nisba ي, when the query may also match it
// (see RankingOptions::nisba_weight); empty otherwise. Body stems only: the
// title bonus already covers titles.
std::string QueryBuilder::nisba_base_term(const std::string& term) const {
  static constexpr std::string_view kYa = "\xD9\x8A";  // ي
  if (ranking_.nisba_weight <= 0 || !starts_with(term, kStemPrefix) || starts_with(term, kTitleStemPrefix)) return {};
  const std::string_view stem = std::string_view(term).substr(kStemPrefix.size());
  // Three letters must remain (two-byte letters): شي, ري are not nisbas.
  if (stem.size() < 8 || stem.substr(stem.size() - kYa.size()) != kYa) return {};
  std::string base = term.substr(0, term.size() - kYa.size());
  if (!db_.term_exists(base)) return {};
  return base;
}

double QueryBuilder::expansion_scale(double weight, const std::string& typed_term, const std::string& term) const {
  const double n = static_cast<double>(db_.get_doccount()) + 1;
  const Xapian::doccount typed_df = db_.get_termfreq(typed_term);
  const Xapian::doccount df = db_.get_termfreq(term);
  if (typed_df == 0 || df == 0) return weight;
  const double typed_idf = std::log(n / typed_df), idf = std::log(n / df);
  return idf > typed_idf ? weight * typed_idf / idf : weight;
}

Xapian::Query QueryBuilder::expansions(const std::string& term, const std::vector<std::string>& forms,
                                       std::vector<std::string>& added, QueryTerms& terms) {
  std::vector<Xapian::Query> out;
  std::set<std::string> seen{term};
  auto stem_term = [&](const std::string& word) { return std::string(kStemPrefix) + stem_(word); };
  auto take = [&](const std::string& from, const std::string& word, const std::string& t, double weight) {
    if (!seen.insert(t).second || !db_.term_exists(t)) return;
    out.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t), expansion_scale(weight, term, t));
    terms.stems.insert(t.substr(kStemPrefix.size()));
    added.push_back(from + " → " + word);
  };
  if (ranking_.variants && ranking_.variant_weight > 0) {
    // Ordinary Arabic: the word, or its stem, is in the dictionary.
    auto ordinary = [&](std::string_view w) {
      const std::string word(w);
      return variants::is_ordinary_arabic(
          word, stem_(word), [&](std::string_view f) -> std::uint64_t { return db_.get_termfreq(std::string(f)); });
    };
    for (const std::string& form : forms) {
      for (const variants::Variant& v : variants::generate(form, ordinary)) {
        const std::size_t space = v.word.find(' ');
        if (space == std::string::npos) {
          // Only spellings the database has seen as written (its exact-form
          // vocabulary); then their stem, which also matches their clitic
          // forms, or, for a variant that is a name, its forms.
          if (db_.get_termfreq(v.word) == 0) continue;
          if (const NameSearch* n = ranking_.names ? name_of(v.word) : nullptr) {
            if (!seen.insert(n->name.name).second) continue;
            out.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, n->query(),
                             expansion_scale(ranking_.variant_weight, term, n->name.name));
            terms.exact.insert(n->forms.begin(), n->forms.end());
            added.push_back(form + " → " + v.word);
            continue;
          }
          take(form, v.word, stem_term(v.word), ranking_.variant_weight);
          continue;
        }
        const std::string a = stem_term(v.word.substr(0, space)), b = stem_term(v.word.substr(space + 1));
        if (!db_.term_exists(a) || !db_.term_exists(b) || !seen.insert(a + " " + b).second) continue;
        Xapian::Query parts[] = {Xapian::Query(a), Xapian::Query(b)};
        out.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_PHRASE, std::begin(parts), std::end(parts), 2),
                         ranking_.variant_weight);
        terms.stems.insert(a.substr(kStemPrefix.size()));
        terms.stems.insert(b.substr(kStemPrefix.size()));
        added.push_back(form + " → " + v.word);
      }
    }
  }
  if (synonyms_ != nullptr && ranking_.synonym_weight > 0) {
    const std::string stem = term.substr(kStemPrefix.size());
    for (const Synonyms::Member& m : synonyms_->others(stem))
      take(forms.empty() ? stem : forms.front(), m.word, std::string(kStemPrefix) + m.stem, ranking_.synonym_weight);
  }
  return or_of(out);
}

Xapian::Query QueryBuilder::NameSearch::query() const {
  const std::vector<std::string> ts = terms();
  if (ts.size() == 1) return Xapian::Query(ts.front());
  // One synonym: weighed like one word (a stem's class), not one word per form.
  return Xapian::Query(Xapian::Query::OP_SYNONYM, ts.begin(), ts.end());
}

std::vector<std::string> QueryBuilder::NameSearch::terms() const {
  std::vector<std::string> out;
  for (const std::string& f : forms) out.push_back(prefix + f);
  return out;
}

const QueryBuilder::NameSearch* QueryBuilder::name_of(const std::string& word) {
  auto [it, inserted] = name_memo_.try_emplace(word);
  if (inserted) {
    // The exact forms' passage counts, through the database searched (its
    // shards, local or remote, summed by Xapian).
    auto passages = [&](std::string_view f) -> std::uint64_t { return db_.get_termfreq(std::string(f)); };
    auto stem = [&](std::string_view w) { return stem_(std::string(w)); };
    if (auto name = names::find(word, stem, passages, ranking_.name_thresholds))
      it->second = NameSearch{*name, names::forms(*name, passages), std::string()};
  }
  return it->second ? &*it->second : nullptr;
}

void QueryBuilder::find_names(BuiltQuery& built) {
  if (!ranking_.names) return;
  for (auto it = built.matching.get_unique_terms_begin(); it != built.matching.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    if (!starts_with(term, kStemPrefix)) continue;
    // The exact forms' prefix beside this stem term's (schema.h): body "",
    // title S, a text field's X<NAME>:.
    std::string prefix;
    if (starts_with(term, kTitleStemPrefix)) {
      prefix = std::string(kTitlePrefix);
    } else if (schema::is_field_term(term)) {
      const std::size_t colon = term.find(':');
      if (colon == std::string::npos) continue;
      prefix = term.substr(kStemPrefix.size(), colon + 1 - kStemPrefix.size());
    }
    // Every word searched by this stem term must be the same name: بوتين
    // with وتين typed too keeps the stem.
    const NameSearch* found = nullptr;
    bool all = true;
    const auto unstemmed = unstem_.equal_range(term);
    for (auto u = unstemmed.first; u != unstemmed.second && all; ++u) {
      const NameSearch* n = name_of(normalize(u->second));
      all = n != nullptr && (found == nullptr || found->name.name == n->name.name);
      found = n;
    }
    if (!all || found == nullptr) continue;
    NameSearch search = *found;
    search.prefix = std::move(prefix);
    names_.emplace(term, std::move(search));
  }
}

Xapian::Query QueryBuilder::with_names(const Xapian::Query& q) const {
  if (names_.empty()) return q;
  switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM: {
      const auto found = q.get_terms_begin() == q.get_terms_end() ? names_.end() : names_.find(*q.get_terms_begin());
      return found == names_.end() ? q : found->second.query();
    }
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER: {
      std::vector<Xapian::Query> subs;
      for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) subs.push_back(with_names(q.get_subquery(i)));
      return Xapian::Query(q.get_type(), subs.begin(), subs.end());
    }
    default:
      // Phrases and NEAR need positions, which exact forms lack; a scaled
      // subquery (stem:word, root:word) asked for the stem class.
      return q;
  }
}

// A body text stem (not a title or field term) held by more than `limit`
// passages: what both the dropped common words and the common-word bonus
// look for.
bool QueryBuilder::is_common_body_stem(const std::string& term, double limit) const {
  const bool body_stem =
      starts_with(term, kStemPrefix) && !starts_with(term, kTitleStemPrefix) && !schema::is_field_term(term);
  return body_stem && static_cast<double>(db_.get_termfreq(term)) > limit;
}

// A body stem in more than common_term_ratio of the passages (e.g. the stem
// of لمن, "for whom", is من) carries almost no BM25 weight (Xapian floors
// its idf near zero) but its posting list covers nearly every passage, and
// skipping through it dominated such queries. Left out like a stop word, for
// plain-word queries only, and only while a rarer word remains.
void QueryBuilder::drop_common_terms(BuiltQuery& built) {
  if (db_.get_doccount() < ranking_.common_term_min_passages) return;
  if (!is_or_of_terms(built.matching) || built.matching.get_num_subqueries() < 2) return;
  const double limit = ranking_.common_term_ratio * static_cast<double>(db_.get_doccount());
  std::set<std::string> common;
  bool rare_left = false;
  for (auto it = built.matching.get_unique_terms_begin(); it != built.matching.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    if (is_common_body_stem(term, limit)) common.insert(term);
    else rare_left = true;
  }
  if (common.empty() || !rare_left) return;
  std::vector<Xapian::Query> kept;
  for (std::size_t i = 0; i < built.matching.get_num_subqueries(); ++i) {
    Xapian::Query leaf = built.matching.get_subquery(i);
    if (!common.count(*leaf.get_terms_begin())) kept.push_back(leaf);
  }
  for (const auto& term : common) {
    const auto forms = unstem_.equal_range(term);
    for (auto u = forms.first; u != forms.second; ++u) built.stopped.push_back(u->second);
  }
  built.matching = kept.size() == 1 ? kept.front() : or_of(kept);
}

std::vector<char> QueryBuilder::common_leaves(const BuiltQuery& built, std::size_t leaves) const {
  if (ranking_.common_bonus_ratio <= 0 || db_.get_doccount() < ranking_.common_term_min_passages) return {};
  const std::size_t n = built.matching.get_num_subqueries();  // 0: a single term
  const double limit = ranking_.common_bonus_ratio * static_cast<double>(db_.get_doccount());
  std::vector<char> common(leaves, 0);
  std::size_t count = 0;
  for (std::size_t i = 0; i < std::min(std::max<std::size_t>(n, 1), leaves); ++i) {
    const Xapian::Query leaf = n == 0 ? built.matching : built.matching.get_subquery(i);
    if (is_common_body_stem(*leaf.get_terms_begin(), limit)) {
      common[i] = 1;
      ++count;
    }
  }
  if (count == 0 || count == leaves) return {};
  return common;
}

void QueryBuilder::remember_unstem(const Xapian::Query& parsed) {
  for (auto it = parsed.get_unique_terms_begin(); it != parsed.get_unique_terms_end(); ++it)
    for (auto u = parser_.unstem_begin(*it); u != parser_.unstem_end(*it); ++u) {
      const auto known = unstem_.equal_range(*it);
      if (std::none_of(known.first, known.second, [&](const auto& kv) { return kv.second == *u; }))
        unstem_.emplace(*it, *u);
    }
}

// A pasted paragraph: its max_words rarest distinct content words (fewest
// passages holding their stem), in the order typed. A word the database
// lacks goes last: it cannot match. Stop words go to `stopped` as usual.
std::string QueryBuilder::shorten_long_query(std::string_view raw, bool had_syntax, std::vector<std::string>& notices,
                                             std::vector<std::string>& stopped) {
  struct Word {
    std::string norm, typed;
    Xapian::doccount df = 0;
    std::size_t first = 0;
  };
  std::vector<Word> words;
  std::map<std::string, std::size_t> by_term;
  std::size_t total = 0;
  Tokenizer tokenizer;
  tokenizer.tokenize(raw, [&](const Token& t) {
    ++total;
    std::string typed(raw.substr(t.begin, t.end - t.begin));
    if (ranking_.drop_stopwords && is_stopword(t.norm)) {
      if (std::find(stopped.begin(), stopped.end(), typed) == stopped.end()) stopped.push_back(typed);
      return;
    }
    std::string term = std::string(kStemPrefix) + stem_(std::string(t.norm));
    if (by_term.count(term)) return;
    by_term.emplace(term, words.size());
    words.push_back({std::string(t.norm), std::move(typed), db_.get_termfreq(term), words.size()});
  });
  std::vector<Word*> order;
  for (Word& w : words) order.push_back(&w);
  std::stable_sort(order.begin(), order.end(), [](const Word* a, const Word* b) {
    const bool a_absent = a->df == 0, b_absent = b->df == 0;
    if (a_absent != b_absent) return b_absent;
    return a->df < b->df;
  });
  std::vector<bool> keep(words.size(), false);
  for (std::size_t k = 0; k < order.size() && k < limits_.max_words; ++k) keep[order[k]->first] = true;
  std::string q;
  std::string left_out;
  std::size_t dropped = 0;
  constexpr std::size_t kNamed = 30;
  for (const Word& w : words) {
    if (keep[w.first]) {
      if (!q.empty()) q += ' ';
      q += w.norm;
    } else if (++dropped <= kNamed) {
      left_out += ' ' + w.typed;
    }
  }
  std::string notice = "long query (" + std::to_string(total) + " words) read as plain words";
  if (had_syntax) notice += ", its quotes, brackets and operators ignored";
  if (dropped > 0) {
    if (dropped > kNamed) left_out += " … (" + std::to_string(dropped - kNamed) + " more)";
    notice += "; searched its " + std::to_string(words.size() - dropped) + " rarest words, left out:" + left_out;
  }
  if (had_syntax || dropped > 0) notices.push_back(std::move(notice));
  return q;
}

// `"وزير الخارجية" NEAR/10 لافروف`: Xapian 1.4's QueryParser rejects a
// phrase inside NEAR or ADJ (and would then search every word alone). When
// the whole query is such a chain it is built here: every operand's words
// within the window, as QueryParser sizes it (N + the number of words), in
// order for ADJ, AND each phrase as a phrase. Sets `matched` to false if q is
// not such a chain.
Xapian::Query QueryBuilder::parse_near_of_phrases(const std::string& q, std::string_view raw, bool& matched) {
  std::vector<ChainItem> chain;
  matched = split_chain(q, chain) &&
            std::any_of(chain.begin(), chain.end(), [](const ChainItem& c) { return c.kind == ChainItem::kPhrase; });
  if (!matched) return {};
  std::vector<Xapian::Query> words, phrases;
  Xapian::termcount n = 0;
  for (const ChainItem& item : chain) {
    if (item.kind == ChainItem::kNear || item.kind == ChainItem::kAdj) {
      n = std::max(n, item.n);
      continue;
    }
    Xapian::Query sub;
    try {
      sub = parser_.parse_query(item.text, Xapian::QueryParser::FLAG_PHRASE);
    } catch (const Xapian::QueryParserError& e) {
      throw QueryError("cannot parse query " + quoted(raw) + ": " + e.get_msg());
    }
    remember_unstem(sub);
    if (sub.empty()) continue;
    for (auto t = sub.get_terms_begin(); t != sub.get_terms_end(); ++t) words.emplace_back(*t);
    if (sub.get_type() == Xapian::Query::OP_PHRASE) phrases.push_back(sub);
  }
  if (words.size() < 2) throw QueryError("query " + quoted(raw) + " has no words to search for");
  const auto op = chain[1].kind == ChainItem::kNear ? Xapian::Query::OP_NEAR : Xapian::Query::OP_PHRASE;
  Xapian::Query near(op, words.begin(), words.end(), n + static_cast<Xapian::termcount>(words.size()));
  if (phrases.empty()) return near;
  phrases.insert(phrases.begin(), near);
  return Xapian::Query(Xapian::Query::OP_AND, phrases.begin(), phrases.end());
}

// What classify() found in the parsed query, for lay_out().
struct QueryBuilder::ClassifiedTerms {
  std::vector<std::string> body_stems;                         // full Z terms, query order
  std::vector<Xapian::Query> exact;                            // exact forms of every stem term
  std::vector<Xapian::Query> title;                            // the title stem term of every body stem
  std::map<std::string, std::vector<Xapian::Query>> exact_of;  // term -> its exact forms
};

BuiltQuery QueryBuilder::build(std::string_view raw) {
  unstem_.clear();
  names_.clear();
  name_memo_.clear();
  BuiltQuery built;
  const std::string q = bounded(raw, built);
  parse(q, raw, built);
  find_names(built);
  const ClassifiedTerms terms = classify(q, raw, built);
  lay_out(q, terms, built);
  return built;
}

std::string QueryBuilder::bounded(std::string_view raw, BuiltQuery& built) {
  if (raw.size() > limits_.max_bytes)
    throw QueryError("query " + quoted(raw) + " is too long: " + std::to_string(raw.size()) + " bytes (limit " +
                     std::to_string(limits_.max_bytes) + ")");
  bool root_operator = false;
  std::string q = rewrite_class_operators(expand_field_groups(prepare_query(raw), fields_), root_operator);
  if (root_operator && !root_terms_)
    throw QueryError("query " + quoted(raw) + " searches by root (>>word or root:word), but this database " +
                     "has no root terms: rebuild it with fahras-index --root-terms on");
  if (root_operator && root_analyzer_ != std::to_string(RootAnalyzer::kVersion))
    throw QueryError("query " + quoted(raw) + " searches by root, but this database's root terms come from root " +
                     "analyser " + root_analyzer_ + " and this fahras-search finds roots with version " +
                     std::to_string(RootAnalyzer::kVersion) + ": rebuild it with fahras-index --root-terms on");
  field_notices_->clear();
  std::size_t words = 0;
  Tokenizer tokenizer;
  tokenizer.tokenize(q, [&](const Token&) { ++words; });
  if (words == 0) throw QueryError("query " + quoted(raw) + " has no words to search for");
  if (words > limits_.max_pasted_words)
    throw QueryError("query " + quoted(raw) + " has too many words: " + std::to_string(words) + " (limit " +
                     std::to_string(limits_.max_pasted_words) + ")");
  if (words > limits_.max_words) {
    // Nobody types a boolean query of 65 words: this is pasted text, whose
    // brackets, quotes and hyphens are punctuation, not syntax.
    q = shorten_long_query(raw, !is_plain_words(q), built.notices, built.stopped);
  }
  if (max_paren_depth(q) > limits_.max_nesting)
    throw QueryError("query " + quoted(raw) + " nests parentheses too deeply (limit " +
                     std::to_string(limits_.max_nesting) + ")");
  return q;
}

void QueryBuilder::parse(const std::string& q, std::string_view raw, BuiltQuery& built) {
  constexpr unsigned kFlags = Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                              Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD;
  bool by_hand = false;
  built.matching = parse_near_of_phrases(q, raw, by_hand);
  if (!by_hand && has_phrase_by_window_operator(q))
    throw QueryError("query " + quoted(raw) + ": a phrase next to NEAR or ADJ is supported only when the " +
                     "whole query is a NEAR or ADJ chain (e.g. '\"وزير الخارجية\" NEAR/10 لافروف'); here, " +
                     "write the phrase's words without quotes, or join the phrase with AND");
  if (!by_hand) {
    try {
      // Xapian 1.4 answers a "parse error" by parsing the query again with no
      // syntax at all, and says nothing: when the result is exactly that
      // plain parse and the syntax could have failed, say so.
      const bool check = syntax_may_fail(q);
      std::string plain;
      if (check) plain = parser_.parse_query(q, 0).get_description();
      built.matching = parser_.parse_query(q, kFlags);
      if (check && built.matching.get_description() == plain)
        built.notices.push_back("query " + quoted(raw) +
                                " could not be parsed as written (an unmatched quote or parenthesis, or an operator "
                                "without a word on each side): its words were searched as plain words");
    } catch (const Xapian::QueryParserError& e) {
      throw QueryError("cannot parse query " + quoted(raw) + ": " + e.get_msg());
    }
    remember_unstem(built.matching);
    for (auto it = parser_.stoplist_begin(); it != parser_.stoplist_end(); ++it)
      if (std::find(built.stopped.begin(), built.stopped.end(), *it) == built.stopped.end())
        built.stopped.push_back(*it);
  }
  if (built.matching.empty()) {
    if (!built.stopped.empty()) throw QueryError("query " + quoted(raw) + " has only stop words");
    throw QueryError("query " + quoted(raw) + " has no words to search for");
  }

  if (ranking_.common_term_ratio > 0) drop_common_terms(built);
  // Left-out words as the user typed them (على, not its normalised علي).
  const std::map<std::string, std::string> typed = typed_forms(raw);
  for (std::string& w : built.stopped) {
    const auto found = typed.find(w);
    if (found != typed.end()) w = found->second;
  }
}

QueryBuilder::ClassifiedTerms QueryBuilder::classify(const std::string& q, std::string_view raw, BuiltQuery& built) {
  // Terms in query order; QueryParser keeps stop words when nothing else is
  // left, which ranks every passage by particles: refuse that instead.
  ClassifiedTerms c;
  bool all_stop = true;
  for (auto it = built.matching.get_terms_begin(); it != built.matching.get_terms_end(); ++it) {
    const std::string& term = *it;
    if (schema::is_field_term(term)) {  // filters and field words: not body words
      all_stop = false;
      continue;
    }
    if (starts_with(term, schema::kRootPrefix)) {  // >>word: highlighted by root
      built.terms.roots.insert(term.substr(schema::kRootPrefix.size()));
      all_stop = false;
      continue;
    }
    std::vector<std::string> forms;
    const auto unstemmed = unstem_.equal_range(term);
    for (auto u = unstemmed.first; u != unstemmed.second; ++u) {
      std::string form = normalize(u->second);
      if (std::find(forms.begin(), forms.end(), form) == forms.end()) forms.push_back(form);
    }
    for (const auto& f : forms)
      if (!is_stopword(f)) all_stop = false;
    if (forms.empty()) all_stop = false;

    std::vector<Xapian::Query>& term_exact = c.exact_of[term];
    term_exact.clear();  // a repeated term: the same forms again
    const auto name = names_.find(term);
    if (name != names_.end()) {
      // Searched as a name: highlighted by its forms, never by its stem.
      for (const std::string& f : name->second.forms) built.terms.exact.insert(f);
    }
    if (starts_with(term, kTitleStemPrefix)) {
      if (name == names_.end()) built.terms.stems.insert(term.substr(kTitleStemPrefix.size()));
      for (const auto& f : forms) {
        built.terms.exact.insert(f);
        term_exact.emplace_back(std::string(kTitlePrefix) + f);
      }
      c.exact.insert(c.exact.end(), term_exact.begin(), term_exact.end());
    } else if (starts_with(term, kStemPrefix)) {
      std::string stem = term.substr(kStemPrefix.size());
      if (name == names_.end()) built.terms.stems.insert(stem);
      for (const auto& f : forms) {
        built.terms.exact.insert(f);
        term_exact.emplace_back(f);
      }
      c.exact.insert(c.exact.end(), term_exact.begin(), term_exact.end());
      // The second stage still weighs a name by its stem term: it needs
      // positions, which exact forms lack, and only reorders passages that
      // matched by the name's forms.
      if (c.body_stems.empty() || c.body_stems.back() != term) c.body_stems.push_back(term);
      if (name == names_.end()) {
        c.title.emplace_back(std::string(kTitleStemPrefix) + stem);
      } else {
        NameSearch in_title = name->second;
        in_title.prefix = std::string(kTitlePrefix);
        c.title.push_back(in_title.query());
      }
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
  built.rank_terms = c.body_stems;
  return c;
}

Xapian::Query QueryBuilder::with_extras(Xapian::Query leaf, const ClassifiedTerms& terms, bool expand,
                                        std::vector<std::string>& added, BuiltQuery& built, Xapian::Query& late) {
  const std::string leaf_term = *leaf.get_terms_begin();
  const bool name = names_.count(leaf_term) > 0;
  if (name) leaf = names_.at(leaf_term).query();
  late = leaf;
  const auto found = terms.exact_of.find(leaf_term);
  if (ranking_.exact_weight > 0 && found != terms.exact_of.end() && !found->second.empty()) {
    Xapian::Query bonus(Xapian::Query::OP_SCALE_WEIGHT, or_of(found->second), ranking_.exact_weight);
    leaf = Xapian::Query(Xapian::Query::OP_AND_MAYBE, leaf, bonus);
    for (const Xapian::Query& form : found->second) built.late_exact.push_back(*form.get_terms_begin());
  }
  // What follows is OR'd to both: the late query differs only by the bonus.
  auto both = [&](const Xapian::Query& more) {
    leaf = Xapian::Query(Xapian::Query::OP_OR, leaf, more);
    late = Xapian::Query(Xapian::Query::OP_OR, late, more);
  };
  const std::string base_term = name ? std::string() : nisba_base_term(leaf_term);
  if (!base_term.empty()) {
    built.terms.stems.insert(base_term.substr(kStemPrefix.size()));
    both(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(base_term), ranking_.nisba_weight));
  }
  if (expand && starts_with(leaf_term, kStemPrefix) && !starts_with(leaf_term, kTitleStemPrefix) &&
      !schema::is_field_term(leaf_term)) {
    std::vector<std::string> forms;
    const auto unstemmed = unstem_.equal_range(leaf_term);
    for (auto u = unstemmed.first; u != unstemmed.second; ++u) forms.push_back(normalize(u->second));
    Xapian::Query more = expansions(leaf_term, forms, added, built.terms);
    if (!more.empty()) both(more);
  }
  return leaf;
}

void QueryBuilder::add_joined_compounds(const std::string& q, std::vector<Xapian::Query>& leaves,
                                        std::vector<std::string>& added, BuiltQuery& built) {
  std::vector<std::string> norms;
  Tokenizer pairs;
  pairs.tokenize(q, [&](const Token& t) { norms.emplace_back(t.norm); });
  for (std::size_t i = 0; i + 1 < norms.size(); ++i) {
    const std::string word = variants::joined(norms[i], norms[i + 1]);
    if (word.empty() || !db_.term_exists(word)) continue;
    const std::string term = std::string(kStemPrefix) + stem_(word);
    const std::string first_term = std::string(kStemPrefix) + stem_(norms[i]);
    leaves.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term),
                        expansion_scale(ranking_.variant_weight, first_term, term));
    built.terms.stems.insert(term.substr(kStemPrefix.size()));
    added.push_back(norms[i] + " " + norms[i + 1] + " → " + word);
  }
}

void QueryBuilder::lay_out(const std::string& q, const ClassifiedTerms& terms, BuiltQuery& built) {
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
  const bool use_variants = ranking_.variants && ranking_.variant_weight > 0;
  const bool expand = use_variants || (synonyms_ != nullptr && !synonyms_->empty() && ranking_.synonym_weight > 0);
  const bool per_term = (ranking_.exact_weight > 0 || expand) && is_or_of_terms(built.matching);
  Xapian::Query base = built.matching;
  std::vector<std::string> added;  // "typed → variant", for the notice
  Xapian::Query late_base, split_base, split_late_base;
  if (per_term) {
    std::vector<Xapian::Query> leaves, late_leaves;
    const std::size_t n = built.matching.get_num_subqueries();
    for (std::size_t i = 0; i < std::max<std::size_t>(n, 1); ++i) {
      Xapian::Query late;
      leaves.push_back(
          with_extras(n == 0 ? built.matching : built.matching.get_subquery(i), terms, expand, added, built, late));
      late_leaves.push_back(std::move(late));
    }
    // A compound typed as two words (عبد الله) is searched joined too (not
    // inside a field: its words are not body words).
    if (use_variants && q.find(':') == std::string::npos) {
      const std::size_t before = leaves.size();
      add_joined_compounds(q, leaves, added, built);
      late_leaves.insert(late_leaves.end(), leaves.begin() + static_cast<std::ptrdiff_t>(before), leaves.end());
    }
    base = leaves.size() == 1 ? leaves.front() : or_of(leaves);
    if (ranking_.late_exact && !built.late_exact.empty())
      late_base = late_leaves.size() == 1 ? late_leaves.front() : or_of(late_leaves);
    const std::vector<char> common = common_leaves(built, leaves.size());
    if (!common.empty()) {
      auto split = [&](const std::vector<Xapian::Query>& all) {
        std::vector<Xapian::Query> rarer, bonus;
        for (std::size_t i = 0; i < all.size(); ++i) (common[i] ? bonus : rarer).push_back(all[i]);
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, or_of(rarer), or_of(bonus));
      };
      split_base = split(leaves);
      if (!late_base.empty()) split_late_base = split(late_leaves);
    }
  } else {
    base = with_names(base);
    add_extra(or_of(terms.exact), ranking_.exact_weight);
  }
  if (!title_in_body_) add_extra(or_of(terms.title), ranking_.title_weight);
  const std::vector<std::string>& body_stems = terms.body_stems;
  if (ranking_.proximity_weight > 0 && body_stems.size() > 1) {
    std::vector<Xapian::Query> pairs;
    for (std::size_t i = 0; i + 1 < body_stems.size(); ++i) {
      Xapian::Query pair[] = {Xapian::Query(body_stems[i]), Xapian::Query(body_stems[i + 1])};
      pairs.emplace_back(Xapian::Query::OP_NEAR, std::begin(pair), std::end(pair),
                         std::max(2u, ranking_.proximity_window));
    }
    add_extra(or_of(pairs), ranking_.proximity_weight);
  }
  auto with_bonuses = [&](const Xapian::Query& b) {
    if (b.empty() || extras.empty()) return b;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, b, or_of(extras));
  };
  built.query = with_bonuses(base);
  built.split_query = with_bonuses(split_base);
  if (late_base.empty()) {
    built.late_exact.clear();
  } else {
    built.late_query = with_bonuses(late_base);
    built.late_split_query = with_bonuses(split_late_base);
  }
  built.notices.insert(built.notices.end(), field_notices_->begin(), field_notices_->end());
  // What was searched, in the answer's query.understood too.
  built.matching = with_names(built.matching);
  std::set<std::string> told;
  for (const auto& [term, n] : names_) {
    if (!told.insert(n.name.name).second) continue;
    // Mostly names; also a few particles whose first letter is no clitic (لديه, فيما).
    std::string notice = "searched as a name, by its written forms, not its stem: " + n.name.name + " (";
    for (std::size_t i = 0; i < n.forms.size(); ++i) notice += (i == 0 ? "" : " ") + n.forms[i];
    notice += "; " + std::to_string(n.name.passages) + " passages have it as written, " +
              std::to_string(n.name.rest_passages) + " have " + n.name.rest + ", what its stem would search)";
    built.notices.push_back(std::move(notice));
  }
  if (!added.empty()) {
    std::string notice = "also searched, below the words typed:";
    for (std::size_t i = 0; i < added.size(); ++i) notice += (i == 0 ? " " : "; ") + added[i];
    built.notices.push_back(std::move(notice));
  }
}

}  // namespace fahras
