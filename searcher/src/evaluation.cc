#include "fahras/evaluation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

namespace fahras::eval {
namespace {

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream ss(line);
  std::string f;
  while (ss >> f) fields.push_back(f);
  return fields;
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t\r\n") == std::string::npos; }

[[noreturn]] void fail(const char* what, std::size_t line_no, const std::string& msg) {
  throw std::runtime_error(std::string(what) + " line " + std::to_string(line_no) + ": " + msg);
}

double parse_double(const std::string& s, const char* what, std::size_t line_no) {
  try {
    std::size_t used = 0;
    double v = std::stod(s, &used);
    if (used != s.size()) fail(what, line_no, "not a number: " + s);
    return v;
  } catch (const std::logic_error&) {
    fail(what, line_no, "not a number: " + s);
  }
}

std::ifstream open_or_throw(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return in;
}

}  // namespace

Qrels read_qrels(std::istream& in) {
  Qrels qrels;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (blank(line)) continue;
    auto f = split_fields(line);
    if (f.size() != 4) fail("qrels", line_no, "expected 'qid iter docid rel'");
    double rel = parse_double(f[3], "qrels", line_no);
    auto& docs = qrels[f[0]];  // a query with only non-relevant judgements still exists
    if (rel > 0) docs.insert(f[2]);
  }
  return qrels;
}

Run read_run(std::istream& in) {
  struct Entry {
    double score;
    double rank;
    std::size_t order;
    std::string doc;
  };
  std::map<std::string, std::vector<Entry>> entries;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (blank(line)) continue;
    auto f = split_fields(line);
    if (f.size() != 6) fail("run", line_no, "expected 'qid Q0 docid rank score tag'");
    auto& v = entries[f[0]];
    v.push_back(Entry{parse_double(f[4], "run", line_no), parse_double(f[3], "run", line_no), v.size(), f[2]});
  }
  Run run;
  for (auto& [qid, v] : entries) {
    std::stable_sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.rank < b.rank;
    });
    auto& ranking = run[qid];
    std::unordered_set<std::string> seen;
    for (auto& e : v)
      if (seen.insert(e.doc).second) ranking.push_back(std::move(e.doc));
  }
  return run;
}

Qrels load_qrels(const std::string& path) {
  auto in = open_or_throw(path);
  return read_qrels(in);
}

Run load_run(const std::string& path) {
  auto in = open_or_throw(path);
  return read_run(in);
}

QueryMetrics evaluate_query(const std::vector<std::string>& ranking, const std::set<std::string>& relevant) {
  QueryMetrics m;
  if (relevant.empty()) return m;
  const double r = static_cast<double>(relevant.size());
  double dcg = 0, precision_sum = 0;
  std::size_t hits = 0, hits10 = 0, hits100 = 0;
  std::unordered_set<std::string> seen;  // a repeated document must not count twice
  std::size_t rank = 0;
  for (const auto& doc : ranking) {
    if (!seen.insert(doc).second) continue;
    ++rank;
    if (relevant.count(doc) == 0) continue;
    ++hits;
    if (rank <= 10) {
      ++hits10;
      dcg += 1.0 / std::log2(static_cast<double>(rank) + 1.0);
      if (m.mrr10 == 0) m.mrr10 = 1.0 / static_cast<double>(rank);
    }
    if (rank <= 100) ++hits100;
    precision_sum += static_cast<double>(hits) / static_cast<double>(rank);
  }
  double idcg = 0;
  for (std::size_t i = 1; i <= std::min<std::size_t>(relevant.size(), 10); ++i)
    idcg += 1.0 / std::log2(static_cast<double>(i) + 1.0);
  m.ndcg10 = dcg / idcg;
  m.recall10 = static_cast<double>(hits10) / r;
  m.recall100 = static_cast<double>(hits100) / r;
  m.ap = precision_sum / r;
  return m;
}

Evaluation evaluate(const Qrels& qrels, const Run& run) {
  Evaluation e;
  static const std::vector<std::string> kNoResults;
  for (const auto& [qid, relevant] : qrels) {
    if (relevant.empty()) continue;
    auto it = run.find(qid);
    const auto& ranking = it == run.end() ? kNoResults : it->second;
    if (ranking.empty()) ++e.num_queries_without_results;
    auto m = evaluate_query(ranking, relevant);
    e.per_query.emplace_back(qid, m);
    e.mean.mrr10 += m.mrr10;
    e.mean.ndcg10 += m.ndcg10;
    e.mean.recall10 += m.recall10;
    e.mean.recall100 += m.recall100;
    e.mean.ap += m.ap;
  }
  e.num_queries = e.per_query.size();
  if (e.num_queries > 0) {
    const double n = static_cast<double>(e.num_queries);
    e.mean.mrr10 /= n;
    e.mean.ndcg10 /= n;
    e.mean.recall10 /= n;
    e.mean.recall100 /= n;
    e.mean.ap /= n;
  }
  return e;
}

namespace {
void write_metrics(std::ostream& out, const std::string& qid, const QueryMetrics& m) {
  char buf[64];
  auto line = [&](const char* name, double v) {
    std::snprintf(buf, sizeof buf, "%.4f", v);
    out << name << '\t' << qid << '\t' << buf << '\n';
  };
  line("mrr@10", m.mrr10);
  line("ndcg@10", m.ndcg10);
  line("recall@10", m.recall10);
  line("recall@100", m.recall100);
  line("map", m.ap);
}
}  // namespace

void write_report(std::ostream& out, const Evaluation& e, bool per_query) {
  if (per_query)
    for (const auto& [qid, m] : e.per_query) write_metrics(out, qid, m);
  out << "num_q\tall\t" << e.num_queries << '\n';
  out << "num_q_no_results\tall\t" << e.num_queries_without_results << '\n';
  write_metrics(out, "all", e.mean);
}

}  // namespace fahras::eval
