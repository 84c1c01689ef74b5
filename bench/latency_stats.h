// Per-query latency bookkeeping shared by xapian-baseline and
// fahras-search-latency, so both report the same statistics the same way.
// Thread safety: plain functions over caller-owned data.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fahras::bench {

struct QueryLine {
  std::string qid;
  std::string text;
};

// Reads qid<TAB>query lines; blank lines are ignored, malformed ones are
// reported on stderr (prefixed with `tool`) and skipped.
inline std::vector<QueryLine> read_queries(const std::string& path, const char* tool) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read queries file " + path);
  std::vector<QueryLine> out;
  std::string line;
  std::size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos || tab == 0) {
      std::cerr << tool << ": warning: " << path << ":" << lineno << ": not qid<TAB>query, skipped\n";
      continue;
    }
    out.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return out;
}

// Nearest-rank percentile of sorted values.
inline double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size(), std::max<std::size_t>(rank, 1)) - 1];
}

// One line on stderr: "<tool> search: queries=N p50_ms=... p90_ms=... p99_ms=... mean_ms=... max_ms=... total_s=..."
inline void print_latency_summary(const char* tool, std::vector<double> ms, double total_s) {
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double v : ms) sum += v;
  std::fprintf(stderr,
               "%s search: queries=%zu p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f mean_ms=%.3f max_ms=%.3f "
               "total_s=%.3f\n",
               tool, ms.size(), percentile(ms, 0.50), percentile(ms, 0.90), percentile(ms, 0.99),
               ms.empty() ? 0.0 : sum / static_cast<double>(ms.size()), ms.empty() ? 0.0 : ms.back(), total_s);
}

}  // namespace fahras::bench
