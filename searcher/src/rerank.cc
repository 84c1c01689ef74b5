#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/passage_table.h"
#include "fahras/rerank.h"
#include "fahras/schema.h"

namespace fahras {
namespace {

// Calls held(i, posting) for each candidate i in `by_docid` (ascending
// docid_of(i)) whose passage holds `term`: its posting list is walked once,
// skipping to each candidate, which is far cheaper than opening each
// passage's term list.
template <class Index, class DocidOf, class Held>
void for_each_holding(const Xapian::Database& db, const std::string& term, const std::vector<Index>& by_docid,
                      DocidOf docid_of, Held held) {
  Xapian::PostingIterator p = db.postlist_begin(term);
  const Xapian::PostingIterator end = db.postlist_end(term);
  for (const Index i : by_docid) {
    if (p == end) break;  // also when no passage holds the term
    const Xapian::docid did = docid_of(i);
    p.skip_to(did);
    if (p == end) break;
    if (*p == did) held(i, p);
  }
}

struct Term {
  std::string name;
  double idf = 0;
};

// The query's distinct terms that the database holds, in query order, with
// their idf, and the sums the scale-free factors divide by.
struct WeighedTerms {
  std::vector<Term> terms;
  double idf_sum = 0;   // coverage: the query's whole idf mass
  double pair_sum = 0;  // adjacency: the idf mass of every consecutive pair
};

// idf = log(1 + (N - df + 0.5) / (df + 0.5)): BM25's ordering of words,
// and positive even for a word in every passage.
WeighedTerms weigh(const Xapian::Database& db, const std::vector<std::string>& names) {
  WeighedTerms w;
  const double total = static_cast<double>(db.get_doccount());
  for (const auto& name : names) {
    const Xapian::doccount df = db.get_termfreq(name);
    if (df == 0) continue;
    if (std::any_of(w.terms.begin(), w.terms.end(), [&](const Term& t) { return t.name == name; })) continue;
    const double d = static_cast<double>(df);
    w.terms.push_back({name, std::log1p((total - d + 0.5) / (d + 0.5))});
  }
  for (std::size_t t = 0; t < w.terms.size(); ++t) {
    w.idf_sum += w.terms[t].idf;
    if (t + 1 < w.terms.size()) w.pair_sum += w.terms[t].idf + w.terms[t + 1].idf;
  }
  return w;
}

// True if some position in `a` and some in `b` are at most `window` apart
// (either order). Both lists are sorted.
bool within(const std::vector<Xapian::termpos>& a, const std::vector<Xapian::termpos>& b, Xapian::termpos window) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const Xapian::termpos d = a[i] > b[j] ? a[i] - b[j] : b[j] - a[i];
    if (d <= window) return true;
    if (a[i] < b[j]) ++i;
    else ++j;
  }
  return false;
}

// Which of the first n candidates holds which query term: row(i)[t] in its
// body, row(i)[T + t] in its title (T terms).
class Presence {
 public:
  Presence(Xapian::doccount n, std::size_t nt) : nt_(nt), bits_(static_cast<std::size_t>(n) * 2 * nt, 0) {}
  char* row(Xapian::doccount i) { return &bits_[static_cast<std::size_t>(i) * 2 * nt_]; }
  const char* row(Xapian::doccount i) const { return &bits_[static_cast<std::size_t>(i) * 2 * nt_]; }
  std::size_t title_matches(Xapian::doccount i) const {
    const char* has = row(i);
    return static_cast<std::size_t>(std::count(has + nt_, has + 2 * nt_, static_cast<char>(1)));
  }

 private:
  std::size_t nt_;
  std::vector<char> bits_;
};

// Where the second stage reads its evidence about the first n candidates:
// which terms each holds (body and title), the value of its title-stems
// slot, and the positions of a term in it.
class Evidence {
 public:
  virtual ~Evidence() = default;
  virtual void mark(Presence& present) = 0;
  // The schema::kSlotTitleStems value of candidate i; empty if absent.
  virtual std::string title_stems(Xapian::doccount i) = 0;
  // Whether title_stems() answers without the slot (from the title stem list).
  virtual bool counts_title_stems() const { return false; }
  // Replaces `out` with the positions of term t in candidate i, ascending.
  virtual void positions(Xapian::doccount i, std::size_t t, std::vector<Xapian::termpos>& out) = 0;
};

// From the index: posting lists walked once each in docid order (skipping
// through them is far cheaper than opening each passage's term list), the
// value slot and position lists of each candidate.
class IndexEvidence final : public Evidence {
 public:
  IndexEvidence(const Xapian::Database& db, const std::vector<Candidate>& first, const std::vector<Term>& terms,
                const std::vector<Xapian::doccount>& by_docid, bool titles)
      : db_(db), first_(first), terms_(terms), by_docid_(by_docid), titles_(titles) {
    const std::string title_wdf = db_.get_metadata(std::string(schema::kMetaTitleWdf));
    if (!title_wdf.empty()) title_wdf_ = static_cast<Xapian::termcount>(std::stoul(title_wdf));
  }

  void mark(Presence& present) override {
    if (title_wdf_) {
      mark_title_in_body(present, *title_wdf_);
      return;
    }
    const std::size_t nt = terms_.size();
    const std::string title_prefix(schema::kTitleStemPrefix);
    for (std::size_t t = 0; t < 2 * nt; ++t) {
      if (t >= nt && !titles_) break;
      const std::string name =
          t < nt ? terms_[t].name : title_prefix + terms_[t - nt].name.substr(schema::kStemPrefix.size());
      for_each_holding(
          db_, name, by_docid_, [&](Xapian::doccount i) { return first_[i].did; },
          [&](Xapian::doccount i, const Xapian::PostingIterator&) { present.row(i)[t] = 1; });
    }
  }

  bool counts_title_stems() const override { return title_wdf_.has_value(); }

  std::string title_stems(Xapian::doccount i) override {
    if (title_wdf_) return Xapian::sortable_serialise(static_cast<double>(distinct_title_stems_[i]));
    return db_.get_document(first_[i].did, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotTitleStems);
  }

  void positions(Xapian::doccount i, std::size_t t, std::vector<Xapian::termpos>& out) override {
    out.clear();
    const Xapian::docid did = first_[i].did;
    for (auto p = db_.positionlist_begin(did, terms_[t].name); p != db_.positionlist_end(did, terms_[t].name); ++p)
      out.push_back(*p);
  }

 private:
  const Xapian::Database& db_;
  const std::vector<Candidate>& first_;
  const std::vector<Term>& terms_;
  // Schema 3: the title's words are read from each candidate's title stem
  // list (one value stream walked in docid order), and a body stem's wdf
  // holds title_wdf per title word with that stem besides the text's own:
  // the body holds the word when its wdf exceeds that.
  void mark_title_in_body(Presence& present, Xapian::termcount title_wdf) {
    const std::size_t nt = terms_.size();
    const Xapian::doccount n = static_cast<Xapian::doccount>(by_docid_.size());
    std::vector<Xapian::termcount> in_title(static_cast<std::size_t>(n) * nt, 0);
    distinct_title_stems_.assign(n, 0);
    Xapian::ValueIterator v = db_.valuestream_begin(schema::kSlotTitleStemList);
    const Xapian::ValueIterator v_end = db_.valuestream_end(schema::kSlotTitleStemList);
    for (const Xapian::doccount i : by_docid_) {
      if (v == v_end) break;
      v.skip_to(first_[i].did);
      if (v == v_end) break;
      if (v.get_docid() != first_[i].did) continue;
      schema::for_each_title_stem(*v, [&](std::string_view stem, Xapian::termcount count) {
        ++distinct_title_stems_[i];
        for (std::size_t t = 0; t < nt; ++t)
          if (std::string_view(terms_[t].name).substr(schema::kStemPrefix.size()) == stem) {
            in_title[static_cast<std::size_t>(i) * nt + t] = count;
            if (titles_) present.row(i)[nt + t] = 1;
          }
      });
    }
    for (std::size_t t = 0; t < nt; ++t)
      for_each_holding(
          db_, terms_[t].name, by_docid_, [&](Xapian::doccount i) { return first_[i].did; },
          [&](Xapian::doccount i, const Xapian::PostingIterator& p) {
            if (p.get_wdf() > title_wdf * in_title[static_cast<std::size_t>(i) * nt + t]) present.row(i)[t] = 1;
          });
  }

  const std::vector<Xapian::doccount>& by_docid_;
  bool titles_;
  std::optional<Xapian::termcount> title_wdf_;  // set for a schema 3 database
  std::vector<Xapian::termcount> distinct_title_stems_;
};

// From the candidates' stored passages, re-analysed with the index's
// analyzer (CandidateText): every term is a body stem term, and the title
// stem term is the same stem under its prefix.
class TextEvidence final : public Evidence {
 public:
  TextEvidence(const std::vector<CandidateText>& texts, Analyzer& analyzer, const std::vector<Term>& terms,
               Xapian::doccount n, bool titles)
      : texts_(texts),
        analyzer_(analyzer),
        terms_(terms),
        n_(n),
        titles_(titles),
        positions_(static_cast<std::size_t>(n) * terms.size()) {}

  // Whether the stored passages can stand for the index: one per candidate,
  // and only body stem terms asked for.
  static bool applies(const std::vector<CandidateText>& texts, const std::vector<Candidate>& first,
                      const std::vector<Term>& terms) {
    return texts.size() == first.size() && std::all_of(terms.begin(), terms.end(), [](const Term& t) {
             return t.name.compare(0, schema::kStemPrefix.size(), schema::kStemPrefix) == 0 &&
                    t.name.compare(0, schema::kTitleStemPrefix.size(), schema::kTitleStemPrefix) != 0;
           });
  }

  void mark(Presence& present) override {
    for (Xapian::doccount i = 0; i < n_; ++i) mark_one(i, present.row(i));
  }

  std::string title_stems(Xapian::doccount i) override { return texts_[i].title_stems; }

  void positions(Xapian::doccount i, std::size_t t, std::vector<Xapian::termpos>& out) override {
    out = positions_[static_cast<std::size_t>(i) * terms_.size() + t];
  }

 private:
  std::string_view stem_of(std::size_t t) const {
    return std::string_view(terms_[t].name).substr(schema::kStemPrefix.size());
  }

  // The terms of candidate i's text (positions from 1, as the indexer
  // numbers them), of its title where the indexer joined it to the body,
  // and of its title as a title.
  void mark_one(Xapian::doccount i, char* has) {
    const std::size_t nt = terms_.size();
    const CandidateText& c = texts_[i];
    std::vector<Xapian::termpos>* pos = &positions_[static_cast<std::size_t>(i) * nt];
    Xapian::termpos last = 0;
    analyzer_.analyze(
        c.text,
        [&](const AnalyzedToken& tok) {
          last = tok.position;
          for (std::size_t t = 0; t < nt; ++t)
            if (tok.stem == stem_of(t)) {
              has[t] = 1;
              pos[t].push_back(tok.position);
            }
        },
        1);
    if (c.title_in_body) {
      // Only stems the text lacks were indexed from the title.
      const std::vector<char> in_text(has, has + nt);
      analyzer_.analyze(
          c.title,
          [&](const AnalyzedToken& tok) {
            for (std::size_t t = 0; t < nt; ++t)
              if (!in_text[t] && tok.stem == stem_of(t)) {
                has[t] = 1;
                pos[t].push_back(tok.position);
              }
          },
          last + schema::kTitleBodyGap);
    }
    if (titles_)
      analyzer_.analyze(
          c.title,
          [&](const AnalyzedToken& tok) {
            for (std::size_t t = 0; t < nt; ++t)
              if (tok.stem == stem_of(t)) has[nt + t] = 1;
          },
          1);
  }

  const std::vector<CandidateText>& texts_;
  Analyzer& analyzer_;
  const std::vector<Term>& terms_;
  Xapian::doccount n_;
  bool titles_;
  std::vector<std::vector<Xapian::termpos>> positions_;  // [i * T + t], ascending
};

// 1 + title_cover_weight * the share of the title's distinct stems that are
// query stems, for each candidate whose title holds a query stem (1 for the
// others): a short title made of the query's words says the passage is
// about them; a long headline that shares one word says little. The stem
// count comes from the title-stems slot (one value-chunk read; the term
// list is a longer read and decode); a passage without it (a database
// written before the slot) has its term list counted, with the same result.
std::vector<double> title_factors(const Xapian::Database& db, const std::vector<Candidate>& first,
                                  const std::vector<Xapian::doccount>& by_docid, const Presence& present,
                                  Evidence& evidence, const RankingOptions& ranking, Xapian::doccount n) {
  std::vector<double> factor(n, 1.0);
  if (ranking.title_cover_weight <= 0) return factor;
  const bool have_slot = evidence.counts_title_stems() || db.get_value_freq(schema::kSlotTitleStems) > 0;
  for (Xapian::doccount i : by_docid) {
    const std::size_t matched = present.title_matches(i);
    if (matched == 0) continue;
    const Xapian::docid did = first[i].did;
    double in_title = -1;
    if (have_slot) {
      const std::string value = evidence.title_stems(i);
      if (!value.empty()) in_title = Xapian::sortable_unserialise(value);
    }
    if (in_title < 0)
      in_title = static_cast<double>(schema::count_title_stems(db.termlist_begin(did), db.termlist_end(did)));
    if (in_title > 0) factor[i] = 1 + ranking.title_cover_weight * static_cast<double>(matched) / in_title;
  }
  return factor;
}

// 1 + pair_weight * the idf-weighted share of consecutive query-term pairs
// found within pair_window positions in candidate i. Positions are read
// only where a neighbouring query term is present.
double pair_factor(Xapian::doccount i, const char* has, const WeighedTerms& w, Evidence& evidence,
                   const RankingOptions& ranking, std::vector<std::vector<Xapian::termpos>>& pos) {
  const std::size_t nt = w.terms.size();
  for (std::size_t t = 0; t < nt; ++t) {
    pos[t].clear();
    if (!has[t] || !((t > 0 && has[t - 1]) || (t + 1 < nt && has[t + 1]))) continue;
    evidence.positions(i, t, pos[t]);
  }
  double near = 0;
  for (std::size_t t = 0; t + 1 < nt; ++t)
    if (has[t] && has[t + 1] && within(pos[t], pos[t + 1], ranking.pair_window))
      near += w.terms[t].idf + w.terms[t + 1].idf;
  return 1 + ranking.pair_weight * near / w.pair_sum;
}

// Rescores out[0, n) from the evidence and reorders them (stable).
void rescore(const Xapian::Database& db, const std::vector<Candidate>& first, const WeighedTerms& w,
             const std::vector<Xapian::doccount>& by_docid, Evidence& evidence, const RankingOptions& ranking,
             Xapian::doccount n, Xapian::doccount page_end, std::vector<Reranked>& out) {
  const std::size_t nt = w.terms.size();
  Presence present(n, nt);
  evidence.mark(present);
  const std::vector<double> title_factor = title_factors(db, first, by_docid, present, evidence, ranking, n);
  const bool pairs = ranking.pair_weight > 0 && nt > 1 && w.pair_sum > 0;
  // Only the page (the first page_end after reordering) is returned: a
  // candidate whose best case (every present pair adjacent) stays below the
  // page_end-th largest worst case (no pair adjacent) cannot reach it, and
  // its positions are not read (its score then stays below the page's).
  std::vector<char> skip(n, 0);
  if (pairs && ranking.coverage_exponent <= 0 && page_end > 0 && page_end < n) {
    std::vector<double> low(n), high(n);
    for (Xapian::doccount i = 0; i < n; ++i) {
      const char* has = present.row(i);
      double near = 0;
      for (std::size_t t = 0; t + 1 < nt; ++t)
        if (has[t] && has[t + 1]) near += w.terms[t].idf + w.terms[t + 1].idf;
      low[i] = out[i].score * title_factor[i];
      high[i] = low[i] * (1 + ranking.pair_weight * near / w.pair_sum);
    }
    std::vector<double> sorted = low;
    std::nth_element(sorted.begin(), sorted.begin() + (page_end - 1), sorted.end(), std::greater<double>());
    const double page_low = sorted[page_end - 1];
    // A margin for rounding: the final score multiplies the factors in another order.
    for (Xapian::doccount i = 0; i < n; ++i) skip[i] = high[i] * (1 + 1e-9) < page_low;
  }
  std::vector<std::vector<Xapian::termpos>> pos(nt);
  for (Xapian::doccount i = 0; i < n; ++i) {
    const char* has = present.row(i);
    if (skip[i]) {
      out[i].score = out[i].score * title_factor[i];
      continue;
    }
    // score * coverage * pair factor * title factor, multiplied in that
    // order (as before the title count had its slot: the same scores to the
    // last bit).
    double factor = 1;
    if (ranking.coverage_exponent > 0) {
      double covered = 0;
      for (std::size_t t = 0; t < nt; ++t)
        if (has[t]) covered += w.terms[t].idf;
      factor *= std::pow(covered / w.idf_sum, ranking.coverage_exponent);
    }
    if (pairs) factor *= pair_factor(i, has, w, evidence, ranking, pos);
    factor *= title_factor[i];
    out[i].score = out[i].score * factor;
  }
  std::stable_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n),
                   [](const Reranked& a, const Reranked& b) { return a.score > b.score; });
}

std::vector<Reranked> rerank_with(const Xapian::Database& db, const std::vector<Candidate>& first,
                                  const std::vector<std::string>& names, const RankingOptions& ranking,
                                  Xapian::doccount offset, Xapian::doccount limit,
                                  const std::vector<CandidateText>* texts, Analyzer* analyzer) {
  const Xapian::doccount all = static_cast<Xapian::doccount>(first.size());
  std::vector<Reranked> out(all);
  for (Xapian::doccount i = 0; i < all; ++i) out[i] = {i, first[i].weight};
  // Only the first rerank_depth candidates are rescored and reordered; the
  // rest follow in first-stage order. A depth that grew with offset + limit
  // ranked each page differently, so paging skipped and repeated results.
  const Xapian::doccount n = ranking.rerank_depth > 0 ? std::min(all, ranking.rerank_depth) : all;
  const WeighedTerms w = weigh(db, names);
  // The reordered candidates the page needs (0: all of them).
  const std::uint64_t end = static_cast<std::uint64_t>(offset) + limit;
  const Xapian::doccount page_end = end < n ? static_cast<Xapian::doccount>(end) : 0;
  if (n > 0 && w.idf_sum > 0) {
    std::vector<Xapian::doccount> by_docid(n);
    std::iota(by_docid.begin(), by_docid.end(), 0);
    std::sort(by_docid.begin(), by_docid.end(),
              [&](Xapian::doccount a, Xapian::doccount b) { return first[a].did < first[b].did; });
    const bool titles = ranking.title_cover_weight > 0;
    if (texts != nullptr && TextEvidence::applies(*texts, first, w.terms)) {
      TextEvidence evidence(*texts, *analyzer, w.terms, n, titles);
      rescore(db, first, w, by_docid, evidence, ranking, n, page_end, out);
    } else {
      IndexEvidence evidence(db, first, w.terms, by_docid, titles);
      rescore(db, first, w, by_docid, evidence, ranking, n, page_end, out);
    }
  }
  const std::size_t from = std::min<std::size_t>(offset, out.size());
  const std::size_t to = std::min<std::size_t>(static_cast<std::size_t>(offset) + limit, out.size());
  return std::vector<Reranked>(out.begin() + static_cast<std::ptrdiff_t>(from),
                               out.begin() + static_cast<std::ptrdiff_t>(to));
}

}  // namespace

std::vector<double> exact_form_bonus(const Xapian::Database& db, const std::vector<Xapian::docid>& dids,
                                     const std::vector<std::string>& terms, const RankingOptions& ranking,
                                     const PassageTable* lengths, std::uint64_t* lengths_read) {
  std::vector<double> bonus(dids.size(), 0.0);
  if (dids.empty() || terms.empty()) return bonus;
  std::vector<std::size_t> by_docid(dids.size());
  std::iota(by_docid.begin(), by_docid.end(), 0);
  std::sort(by_docid.begin(), by_docid.end(), [&](std::size_t a, std::size_t b) { return dids[a] < dids[b]; });
  // Xapian 1.4's BM25Weight(k1, 0, 1, b, 0.5) under OP_SCALE_WEIGHT(exact_weight), wqf 1:
  // termweight = log(tw) * factor * (k1 + 1), tw = (N - tf + 0.5) / (tf + 0.5), halved and
  // raised by 1 below 2; sumpart = termweight * wdf / (k1 * (normlen * b + 1 - b) + wdf),
  // normlen = max(doclen / average length, 0.5).
  const double n = static_cast<double>(db.get_doccount());
  const double avlen = db.get_avlength();
  const double len_factor = avlen > 0 ? 1 / avlen : 0;
  const double k1 = ranking.bm25_k1, b = ranking.bm25_b;
  // Pass 1, per term: its scale and, for each passage holding it, its wdf.
  // Pass 2: the passage lengths, only for passages holding a term, from the
  // all-passages list walked once in docid order (a length costs a B-tree
  // look-up, about 6,600 instructions in glass, measured with callgrind).
  struct Hit {
    std::size_t i;
    double termweight;
    double wdf;
  };
  std::vector<Hit> hits;
  std::vector<char> held(dids.size(), 0);
  for (const std::string& term : terms) {
    const double tf = static_cast<double>(db.get_termfreq(term));
    if (tf == 0) continue;
    double tw = (n - tf + 0.5) / (tf + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    const double termweight = std::log(tw) * ranking.exact_weight * (k1 + 1);
    for_each_holding(
        db, term, by_docid, [&](std::size_t i) { return dids[i]; },
        [&](std::size_t i, const Xapian::PostingIterator& p) {
          hits.push_back({i, termweight, static_cast<double>(p.get_wdf())});
          held[i] = 1;
        });
  }
  std::vector<double> normlen(dids.size(), 0.5);
  if (lengths) {
    for (std::size_t i = 0; i < dids.size(); ++i)
      if (held[i]) normlen[i] = std::max(static_cast<double>(lengths->length(dids[i])) * len_factor, 0.5);
  } else {
    Xapian::PostingIterator all = db.postlist_begin("");
    const Xapian::PostingIterator all_end = db.postlist_end("");
    for (std::size_t i : by_docid) {
      if (!held[i]) continue;
      all.skip_to(dids[i]);
      if (lengths_read) ++*lengths_read;
      if (all == all_end) break;
      if (*all == dids[i]) normlen[i] = std::max(static_cast<double>(all.get_doclength()) * len_factor, 0.5);
    }
  }
  for (const Hit& h : hits) bonus[h.i] += h.termweight * (h.wdf / (k1 * (normlen[h.i] * b + (1 - b)) + h.wdf));
  return bonus;
}

Xapian::doccount rerank_depth(const RankingOptions& ranking, const BuiltQuery& built, Xapian::doccount offset,
                              Xapian::doccount limit) {
  if (ranking.rerank_depth == 0 || built.rank_terms.empty()) return 0;
  if (ranking.coverage_exponent <= 0 && ranking.pair_weight <= 0 && ranking.title_cover_weight <= 0) return 0;
  // The first stage reaches the page's end; the second rescores only the
  // first rerank_depth of them (rerank()), so every page is a slice of one
  // ranking whatever its offset and size.
  return std::max(ranking.rerank_depth, offset + limit);
}

std::vector<Reranked> rerank(const Xapian::Database& db, const std::vector<Candidate>& first,
                             const std::vector<std::string>& terms, const RankingOptions& ranking,
                             Xapian::doccount offset, Xapian::doccount limit) {
  return rerank_with(db, first, terms, ranking, offset, limit, nullptr, nullptr);
}

std::vector<Reranked> rerank(const Xapian::Database& db, const std::vector<Candidate>& first,
                             const std::vector<std::string>& terms, const RankingOptions& ranking,
                             Xapian::doccount offset, Xapian::doccount limit, const std::vector<CandidateText>& texts,
                             Analyzer& analyzer) {
  return rerank_with(db, first, terms, ranking, offset, limit, &texts, &analyzer);
}

}  // namespace fahras
