// Retrieval evaluation over TREC-format qrels and runs: MRR@10, nDCG@10
// (binary gains, log2 discount), Recall@10, Recall@100 and MAP.
//
// Conventions (documented in docs/searching.md):
//  - a qrels line is "qid iter docid rel"; rel > 0 means relevant;
//  - a run line is "qid Q0 docid rank score tag"; a query's results are
//    ordered by score (descending), ties by the rank column (ascending);
//    a document listed twice for one query counts at its first place;
//  - averages are over every query of the qrels that has at least one
//    relevant document; such a query missing from the run scores 0.
//    Run queries absent from the qrels are ignored.
//
// Ownership: all types are plain values. Thread safety: functions are
// reentrant; distinct objects may be used from distinct threads.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace fahras::eval {

// qid -> relevant document ids.
using Qrels = std::map<std::string, std::set<std::string>>;
// qid -> document ids in rank order (best first).
using Run = std::map<std::string, std::vector<std::string>>;

// Parse errors throw std::runtime_error naming the line number.
Qrels read_qrels(std::istream& in);
Run read_run(std::istream& in);
Qrels load_qrels(const std::string& path);
Run load_run(const std::string& path);

struct QueryMetrics {
  double mrr10 = 0;
  double ndcg10 = 0;
  double recall10 = 0;
  double recall100 = 0;
  double ap = 0;  // average precision over the whole ranking
};

// Metrics of one ranking against one set of relevant documents. An empty
// `relevant` set yields all zeros.
QueryMetrics evaluate_query(const std::vector<std::string>& ranking, const std::set<std::string>& relevant);

struct Evaluation {
  std::vector<std::pair<std::string, QueryMetrics>> per_query;  // qrels order
  QueryMetrics mean;
  std::size_t num_queries = 0;
  std::size_t num_queries_without_results = 0;
};

Evaluation evaluate(const Qrels& qrels, const Run& run);

// trec_eval-style lines: "<metric>\t<qid|all>\t<value>", per query first
// when `per_query` is set, then the averages.
void write_report(std::ostream& out, const Evaluation& e, bool per_query);

}  // namespace fahras::eval
