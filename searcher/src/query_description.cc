#include <cstdlib>
#include <string>
#include <string_view>

#include "fahras/fields.h"
#include "fahras/query_description.h"
#include "fahras/schema.h"

namespace fahras {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// A leaf term shown in query syntax; the prefixes are schema.h's.
std::string describe_term(std::string_view term) {
  if (schema::is_field_term(term)) {  // X<NAME>:value or ZX<NAME>:stem -> name:value
    if (starts_with(term, schema::kStemPrefix)) term.remove_prefix(schema::kStemPrefix.size());
    term.remove_prefix(schema::kFieldPrefixStart.size());
    const std::size_t colon = term.find(':');
    std::string name(term.substr(0, colon));
    for (char& c : name)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    std::string value(term.substr(colon == std::string_view::npos ? term.size() : colon + 1));
    return name + ":" + date_term_label(value).value_or(value);
  }
  if (starts_with(term, schema::kTitleStemPrefix))
    return std::string(schema::kTitleField) + ":" + std::string(term.substr(schema::kTitleStemPrefix.size()));
  if (starts_with(term, schema::kStemPrefix)) return std::string(term.substr(schema::kStemPrefix.size()));
  if (starts_with(term, schema::kTitlePrefix))
    return std::string(schema::kTitleField) + ":" + std::string(term.substr(schema::kTitlePrefix.size()));
  return std::string(term);
}

// Xapian::Query's description without the "Query(" ... ")" wrapper.
std::string inner_description(const Xapian::Query& q) {
  std::string d = q.get_description();
  constexpr std::string_view kWrap = "Query(";
  if (starts_with(d, kWrap) && !d.empty() && d.back() == ')') d = d.substr(kWrap.size(), d.size() - kWrap.size() - 1);
  return d;
}

// The window of a PHRASE or NEAR query. Xapian 1.4 has no accessor for it,
// but its description is stable: "(SUB0 NEAR 6 SUB1 …)".
unsigned window_of(const Xapian::Query& q, std::string_view op) {
  if (q.get_num_subqueries() == 0) return 0;
  const std::string d = inner_description(q);
  const std::string first = inner_description(q.get_subquery(0));
  const std::string sep = " " + std::string(op) + " ";
  const std::size_t at = 1 + first.size();  // after "(" and the first subquery
  if (d.compare(at, sep.size(), sep) != 0) return 0;
  return static_cast<unsigned>(std::strtoul(d.c_str() + at + sep.size(), nullptr, 10));
}

std::string describe(const Xapian::Query& q, bool nested);

std::string join(const Xapian::Query& q, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
    if (i) out += sep;
    out += describe(q.get_subquery(i), true);
  }
  return out;
}

std::string describe(const Xapian::Query& q, bool nested) {
  const std::size_t n = q.get_num_subqueries();
  auto group = [&](std::string s) { return nested && n > 1 ? "(" + s + ")" : s; };
  switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
      return q.get_terms_begin() == q.get_terms_end() ? std::string() : describe_term(*q.get_terms_begin());
    case Xapian::Query::LEAF_MATCH_ALL: return "<every passage>";
    case Xapian::Query::LEAF_MATCH_NOTHING: return "<nothing>";
    case Xapian::Query::OP_AND: return group(join(q, " AND "));
    case Xapian::Query::OP_OR: return group(join(q, " OR "));
    case Xapian::Query::OP_AND_NOT: return group(join(q, " NOT "));
    case Xapian::Query::OP_XOR: return group(join(q, " XOR "));
    case Xapian::Query::OP_AND_MAYBE: return group(join(q, " AND_MAYBE "));
    case Xapian::Query::OP_FILTER: return group(join(q, " FILTER "));
    case Xapian::Query::OP_SYNONYM: return group(join(q, " SYNONYM "));
    case Xapian::Query::OP_SCALE_WEIGHT: return n == 1 ? describe(q.get_subquery(0), nested) : inner_description(q);
    case Xapian::Query::OP_NEAR: {
      const unsigned window = window_of(q, "NEAR");
      // NEAR/k over m words is Xapian's window k + m - 1.
      const unsigned k = window + 1 > n ? window + 1 - static_cast<unsigned>(n) : window;
      return group(join(q, " NEAR/" + std::to_string(k) + " "));
    }
    case Xapian::Query::OP_PHRASE: {
      const unsigned window = window_of(q, "PHRASE");
      if (window == 0 || window == n) return "\"" + join(q, " ") + "\"";
      return group(join(q, " ADJ/" + std::to_string(window + 1 - static_cast<unsigned>(n)) + " "));
    }
    case Xapian::Query::OP_WILDCARD: {
      // Description: "WILDCARD SYNONYM PATTERN".
      const std::string d = inner_description(q);
      const std::size_t space = d.rfind(' ');
      return describe_term(space == std::string::npos ? d : d.substr(space + 1)) + "*";
    }
    default: return inner_description(q);
  }
}

}  // namespace

std::string describe_query(const Xapian::Query& query) {
  if (query.empty()) return {};
  return describe(query, false);
}

}  // namespace fahras
