#include <algorithm>
#include <map>
#include <string>

#include "fahras/snippet.h"

namespace fahras {
namespace {

struct Tok {
  std::uint32_t begin;
  std::uint32_t end;
  int term;  // index of the distinct matched stem, -1 if no match
};

std::vector<Tok> analyse(Analyzer& analyzer, std::string_view passage, const QueryTerms& terms) {
  std::vector<Tok> toks;
  std::map<std::string, int, std::less<>> ids;
  analyzer.analyze(passage, [&](const AnalyzedToken& t) {
    int id = -1;
    if (terms.matches(t.norm, t.stem)) {
      auto it = ids.find(t.stem);
      if (it == ids.end()) it = ids.emplace(std::string(t.stem), static_cast<int>(ids.size())).first;
      id = it->second;
    }
    toks.push_back(Tok{t.begin, t.end, id});
  });
  return toks;
}

// Largest n <= limit such that passage[0, n) ends on a UTF-8 boundary.
std::uint32_t utf8_floor(std::string_view s, std::uint32_t limit) {
  if (limit >= s.size()) return static_cast<std::uint32_t>(s.size());
  while (limit > 0 && (static_cast<unsigned char>(s[limit]) & 0xC0) == 0x80) --limit;
  return limit;
}

}  // namespace

std::vector<ByteRange> find_matches(Analyzer& analyzer, std::string_view passage, const QueryTerms& terms) {
  std::vector<ByteRange> out;
  for (const auto& t : analyse(analyzer, passage, terms))
    if (t.term >= 0) out.push_back(ByteRange{t.begin, t.end});
  return out;
}

Snippet make_snippet(Analyzer& analyzer, std::string_view passage, const QueryTerms& terms, std::size_t max_bytes,
                     std::vector<ByteRange>* all_matches) {
  const auto toks = analyse(analyzer, passage, terms);
  if (all_matches != nullptr) {
    all_matches->clear();
    for (const auto& t : toks)
      if (t.term >= 0) all_matches->push_back(ByteRange{t.begin, t.end});
  }
  const auto size = static_cast<std::uint32_t>(passage.size());
  Snippet s;
  auto fill_highlights = [&] {
    for (const auto& t : toks)
      if (t.term >= 0 && t.begin >= s.range.begin && t.end <= s.range.end)
        s.highlights.push_back(ByteRange{t.begin, t.end});
  };
  if (passage.size() <= max_bytes || toks.empty()) {
    s.range = ByteRange{0, utf8_floor(passage, static_cast<std::uint32_t>(std::min<std::size_t>(max_bytes, size)))};
    s.cut_end = s.range.end < size;
    fill_highlights();
    return s;
  }
  const auto budget = static_cast<std::uint32_t>(max_bytes);
  const std::size_t n = toks.size();

  // Sliding window over tokens: the start whose window (tokens fitting in
  // the budget) holds the most distinct matched stems, then most matches.
  std::vector<int> count(n, 0);  // per distinct term id (ids < n)
  std::size_t distinct = 0, matched = 0, j = 0;
  std::size_t best_i = 0, best_j = 0, best_distinct = 0, best_matched = 0;
  bool found = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (j < i) j = i;
    while (j < n && toks[j].end - toks[i].begin <= budget) {
      if (toks[j].term >= 0) {
        ++matched;
        if (count[static_cast<std::size_t>(toks[j].term)]++ == 0) ++distinct;
      }
      ++j;
    }
    // Window is [i, j); only windows that start on a match are candidates.
    if (toks[i].term >= 0 &&
        (!found || distinct > best_distinct || (distinct == best_distinct && matched > best_matched))) {
      found = true;
      best_i = i;
      best_j = j;
      best_distinct = distinct;
      best_matched = matched;
    }
    if (j > i && toks[i].term >= 0) {
      --matched;
      if (--count[static_cast<std::size_t>(toks[i].term)] == 0) --distinct;
    }
  }

  if (!found) {  // no match in the text (e.g. a title-only hit): show the head
    std::size_t e = 0;
    while (e < n && toks[e].end <= budget) ++e;
    s.range = ByteRange{0, e == 0 ? utf8_floor(passage, budget) : toks[e - 1].end};
    s.cut_end = s.range.end < size;
    return s;
  }
  if (best_j == best_i) {  // one token longer than the budget
    s.range =
        ByteRange{toks[best_i].begin, toks[best_i].begin + utf8_floor(passage.substr(toks[best_i].begin), budget)};
  } else {
    // The matches occupy [first, last]; spend the spare bytes on context,
    // about a third before the first match, the rest after the last.
    std::size_t first = best_i, last = best_j - 1;
    while (toks[last].term < 0) --last;
    std::size_t lo = first, hi = last;
    const std::uint32_t spare = budget - (toks[last].end - toks[first].begin);
    while (lo > 0 && toks[first].begin - toks[lo - 1].begin <= spare / 3 && toks[hi].end - toks[lo - 1].begin <= budget)
      --lo;
    while (hi + 1 < n && toks[hi + 1].end - toks[lo].begin <= budget) ++hi;
    while (lo > 0 && toks[hi].end - toks[lo - 1].begin <= budget) --lo;
    std::uint32_t b = toks[lo].begin, e = toks[hi].end;
    // Keep leading/trailing punctuation when the window reaches an end.
    if (lo == 0 && e <= budget) b = 0;
    if (hi + 1 == n && size - b <= budget) e = size;
    s.range = ByteRange{b, e};
  }
  s.cut_begin = toks.front().begin < s.range.begin;
  s.cut_end = toks.back().end > s.range.end;
  fill_highlights();
  return s;
}

std::string snippet_text(std::string_view passage, const Snippet& s) {
  std::string out;
  if (s.cut_begin) out += "…";
  out.append(passage.substr(s.range.begin, s.range.end - s.range.begin));
  if (s.cut_end) out += "…";
  return out;
}

}  // namespace fahras
