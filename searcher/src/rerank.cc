#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/rerank.h"
#include "fahras/schema.h"

namespace fahras {
namespace {

struct Term {
  std::string name;
  double idf = 0;
};

// True if some position in `a` and some in `b` are at most `window` apart
// (either order). Both lists are sorted.
bool within(const std::vector<Xapian::termpos>& a, const std::vector<Xapian::termpos>& b,
            Xapian::termpos window) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const Xapian::termpos d = a[i] > b[j] ? a[i] - b[j] : b[j] - a[i];
    if (d <= window) return true;
    if (a[i] < b[j])
      ++i;
    else
      ++j;
  }
  return false;
}


}  // namespace

Xapian::doccount rerank_depth(const RankingOptions& ranking, const BuiltQuery& built,
                              Xapian::doccount offset, Xapian::doccount limit) {
  if (ranking.rerank_depth == 0 || built.rank_terms.empty()) return 0;
  if (ranking.coverage_exponent <= 0 && ranking.pair_weight <= 0 && ranking.title_cover_weight <= 0)
    return 0;
  // The first stage reaches the page's end; the second rescores only the
  // first rerank_depth of them (rerank()), so every page is a slice of one
  // ranking whatever its offset and size.
  return std::max(ranking.rerank_depth, offset + limit);
}

std::vector<Reranked> rerank(const Xapian::Database& db, const std::vector<Candidate>& first,
                             const std::vector<std::string>& names, const RankingOptions& ranking,
                             Xapian::doccount offset, Xapian::doccount limit,
                             const std::vector<CandidateText>* texts, Analyzer* analyzer) {
  const Xapian::doccount all = static_cast<Xapian::doccount>(first.size());
  std::vector<Reranked> out(all);
  for (Xapian::doccount i = 0; i < all; ++i) out[i] = {i, first[i].weight};
  // Only the first rerank_depth candidates are rescored and reordered; the
  // rest follow in first-stage order. A depth that grew with offset + limit
  // ranked each page differently, so paging skipped and repeated results.
  const Xapian::doccount n =
      ranking.rerank_depth > 0 ? std::min(all, ranking.rerank_depth) : all;

  // idf = log(1 + (N - df + 0.5) / (df + 0.5)): BM25's ordering of words,
  // and positive even for a word in every passage.
  const double total = static_cast<double>(db.get_doccount());
  std::vector<Term> terms;
  for (const auto& name : names) {
    const Xapian::doccount df = db.get_termfreq(name);
    if (df == 0) continue;
    if (std::any_of(terms.begin(), terms.end(), [&](const Term& t) { return t.name == name; }))
      continue;
    const double d = static_cast<double>(df);
    terms.push_back({name, std::log1p((total - d + 0.5) / (d + 0.5))});
  }
  double idf_sum = 0, pair_sum = 0;
  for (std::size_t t = 0; t < terms.size(); ++t) {
    idf_sum += terms[t].idf;
    if (t + 1 < terms.size()) pair_sum += terms[t].idf + terms[t + 1].idf;
  }

  const std::string title_prefix(schema::kTitleStemPrefix);

  if (n > 0 && idf_sum > 0) {
    // Posting lists are walked once each, in docid order.
    std::vector<Xapian::doccount> by_docid(n);
    std::iota(by_docid.begin(), by_docid.end(), 0);
    std::sort(by_docid.begin(), by_docid.end(),
              [&](Xapian::doccount a, Xapian::doccount b) { return first[a].did < first[b].did; });
    // present[i * 2T + t]: passage i holds term t; [i * 2T + T + t]: its
    // title holds it. Skipping through posting lists is far cheaper than
    // opening each passage's term list.
    const std::size_t nt = terms.size();
    const bool titles = ranking.title_cover_weight > 0;
    std::vector<char> present(static_cast<std::size_t>(n) * 2 * nt, 0);
    // From the stored passages instead, when given: every name is a body
    // stem term, and the title stem term is the same stem under its prefix.
    const bool from_text =
        texts != nullptr && analyzer != nullptr && texts->size() == first.size() &&
        std::all_of(terms.begin(), terms.end(), [](const Term& t) {
          return t.name.compare(0, schema::kStemPrefix.size(), schema::kStemPrefix) == 0 &&
                 t.name.compare(0, schema::kTitleStemPrefix.size(), schema::kTitleStemPrefix) != 0;
        });
    std::vector<std::vector<Xapian::termpos>> text_pos;  // [i * nt + t], ascending
    if (from_text) {
      text_pos.resize(static_cast<std::size_t>(n) * nt);
      auto stem_of = [](const Term& t) { return std::string_view(t.name).substr(schema::kStemPrefix.size()); };
      for (Xapian::doccount i = 0; i < n; ++i) {
        char* has = &present[static_cast<std::size_t>(i) * 2 * nt];
        const CandidateText& c = (*texts)[i];
        // Positions start at 1, as the indexer numbers them.
        Xapian::termpos last = 0;
        analyzer->analyze(
            c.text,
            [&](const AnalyzedToken& tok) {
              last = tok.position;
              for (std::size_t t = 0; t < nt; ++t)
                if (tok.stem == stem_of(terms[t])) {
                  has[t] = 1;
                  text_pos[static_cast<std::size_t>(i) * nt + t].push_back(tok.position);
                }
            },
            1);
        if (c.title_in_body) {
          // Only stems the text lacks were indexed from the title.
          const std::vector<char> in_text(has, has + nt);
          analyzer->analyze(
              c.title,
              [&](const AnalyzedToken& tok) {
                for (std::size_t t = 0; t < nt; ++t)
                  if (!in_text[t] && tok.stem == stem_of(terms[t])) {
                    has[t] = 1;
                    text_pos[static_cast<std::size_t>(i) * nt + t].push_back(tok.position);
                  }
              },
              last + schema::kTitleBodyGap);
        }
        if (titles)
          analyzer->analyze(
              c.title,
              [&](const AnalyzedToken& tok) {
                for (std::size_t t = 0; t < nt; ++t)
                  if (tok.stem == stem_of(terms[t])) has[nt + t] = 1;
              },
              1);
      }
    }
    for (std::size_t t = 0; t < 2 * nt && !from_text; ++t) {
      if (t >= nt && !titles) break;
      const std::string name = t < nt ? terms[t].name
                                      : title_prefix + terms[t - nt].name.substr(
                                                           schema::kStemPrefix.size());
      Xapian::PostingIterator p = db.postlist_begin(name);
      const Xapian::PostingIterator end = db.postlist_end(name);
      if (p == end) continue;  // e.g. a stem no title holds
      for (Xapian::doccount i : by_docid) {
        const Xapian::docid did = first[i].did;
        p.skip_to(did);
        if (p == end) break;
        if (*p == did) present[static_cast<std::size_t>(i) * 2 * nt + t] = 1;
      }
    }
    const bool pairs = ranking.pair_weight > 0 && nt > 1 && pair_sum > 0;
    auto title_matched = [&](Xapian::doccount i) {
      const char* has = &present[static_cast<std::size_t>(i) * 2 * nt];
      return static_cast<std::size_t>(std::count(has + nt, has + 2 * nt, static_cast<char>(1)));
    };
    // score * coverage * pair factor * title factor, multiplied in that
    // order (as before the title count had its slot: the same scores to the
    // last bit).
    auto combine = [&](Xapian::doccount i, double pair_factor, double title_factor) {
      double factor = 1;
      if (ranking.coverage_exponent > 0) {
        const char* has = &present[static_cast<std::size_t>(i) * 2 * nt];
        double covered = 0;
        for (std::size_t t = 0; t < nt; ++t)
          if (has[t]) covered += terms[t].idf;
        factor *= std::pow(covered / idf_sum, ranking.coverage_exponent);
      }
      if (pairs) factor *= pair_factor;
      factor *= title_factor;
      return out[i].score * factor;
    };
    // The title's distinct stem count, for passages whose title holds a
    // query stem: from its value slot (one value-chunk read; the term list
    // is a longer read and decode); a passage without it (a database
    // written before the slot) has its term list counted, with the same
    // result.
    std::vector<double> title_factor(n, 1.0);
    if (titles) {
      const bool have_slot = db.get_value_freq(schema::kSlotTitleStems) > 0;
      for (Xapian::doccount i : by_docid) {
        const std::size_t matched = title_matched(i);
        if (matched == 0) continue;
        const Xapian::docid did = first[i].did;
        double in_title = -1;
        if (have_slot) {
          const std::string value =
              from_text ? (*texts)[i].title_stems
                        : db.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotTitleStems);
          if (!value.empty()) in_title = Xapian::sortable_unserialise(value);
        }
        if (in_title < 0)
          in_title = static_cast<double>(schema::count_title_stems(db.termlist_begin(did), db.termlist_end(did)));
        // The share of the title's distinct stems that are query stems: a
        // short title made of the query's words says the passage is about
        // them; a long headline that shares one word says little.
        if (in_title > 0)
          title_factor[i] =
              1 + ranking.title_cover_weight * static_cast<double>(matched) / in_title;
      }
    }

    std::vector<std::vector<Xapian::termpos>> pos(nt);
    for (Xapian::doccount i = 0; i < n; ++i) {
      const char* has = &present[static_cast<std::size_t>(i) * 2 * nt];
      double pair_factor = 1;
      if (pairs) {
        const Xapian::docid did = first[i].did;
        for (std::size_t t = 0; t < nt; ++t) {
          pos[t].clear();
          // Positions are read only where a neighbouring query word is present.
          if (!has[t] || !((t > 0 && has[t - 1]) || (t + 1 < nt && has[t + 1]))) continue;
          if (from_text) {
            pos[t] = text_pos[static_cast<std::size_t>(i) * nt + t];
            continue;
          }
          for (auto p = db.positionlist_begin(did, terms[t].name);
               p != db.positionlist_end(did, terms[t].name); ++p)
            pos[t].push_back(*p);
        }
        double near = 0;
        for (std::size_t t = 0; t + 1 < nt; ++t)
          if (has[t] && has[t + 1] && within(pos[t], pos[t + 1], ranking.pair_window))
            near += terms[t].idf + terms[t + 1].idf;
        pair_factor = 1 + ranking.pair_weight * near / pair_sum;
      }
      out[i].score = combine(i, pair_factor, title_factor[i]);
    }
    std::stable_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n),
                     [](const Reranked& a, const Reranked& b) { return a.score > b.score; });
  }

  const std::size_t from = std::min<std::size_t>(offset, out.size());
  const std::size_t to = std::min<std::size_t>(static_cast<std::size_t>(offset) + limit, out.size());
  return std::vector<Reranked>(out.begin() + static_cast<std::ptrdiff_t>(from),
                               out.begin() + static_cast<std::ptrdiff_t>(to));
}

}  // namespace fahras
