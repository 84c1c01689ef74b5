// fahras::eval metrics against hand-computed cases.
#include <cmath>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "fahras/evaluation.h"

namespace fe = fahras::eval;

namespace {

std::vector<std::string> ranking_with_relevant_at(std::size_t rank, std::size_t length) {
  std::vector<std::string> r;
  for (std::size_t i = 1; i <= length; ++i) r.push_back(i == rank ? "rel" : "x" + std::to_string(i));
  return r;
}

}  // namespace

TEST(Evaluation, ReciprocalRankIsOneOverTheFirstRelevantRank) {
  EXPECT_DOUBLE_EQ(fe::evaluate_query(ranking_with_relevant_at(1, 20), {"rel"}).mrr10, 1.0);
  EXPECT_DOUBLE_EQ(fe::evaluate_query(ranking_with_relevant_at(4, 20), {"rel"}).mrr10, 0.25);
  EXPECT_DOUBLE_EQ(fe::evaluate_query(ranking_with_relevant_at(10, 20), {"rel"}).mrr10, 0.1);
}

TEST(Evaluation, RelevantDocumentBelowRankTenScoresNoReciprocalRank) {
  auto m = fe::evaluate_query(ranking_with_relevant_at(11, 20), {"rel"});
  EXPECT_DOUBLE_EQ(m.mrr10, 0.0);
  EXPECT_DOUBLE_EQ(m.ndcg10, 0.0);
  EXPECT_DOUBLE_EQ(m.recall10, 0.0);
  EXPECT_DOUBLE_EQ(m.recall100, 1.0);
  EXPECT_DOUBLE_EQ(m.ap, 1.0 / 11.0);
}

TEST(Evaluation, NdcgUsesBinaryGainsAndLog2Discount) {
  // Relevant {a, b}; ranking x a b: DCG = 1/log2(3) + 1/log2(4), IDCG = 1 + 1/log2(3).
  auto m = fe::evaluate_query({"x", "a", "b"}, {"a", "b"});
  const double dcg = 1 / std::log2(3.0) + 0.5;
  const double idcg = 1 + 1 / std::log2(3.0);
  EXPECT_NEAR(m.ndcg10, dcg / idcg, 1e-12);
  EXPECT_DOUBLE_EQ(m.mrr10, 0.5);
  EXPECT_NEAR(m.ap, (1.0 / 2 + 2.0 / 3) / 2, 1e-12);
}

TEST(Evaluation, IdealDcgIsCappedAtTenRelevantDocuments) {
  std::set<std::string> relevant;
  std::vector<std::string> ranking;
  for (int i = 0; i < 12; ++i) {
    relevant.insert("d" + std::to_string(i));
    ranking.push_back("d" + std::to_string(i));
  }
  auto m = fe::evaluate_query(ranking, relevant);
  EXPECT_NEAR(m.ndcg10, 1.0, 1e-12);
  EXPECT_NEAR(m.recall10, 10.0 / 12.0, 1e-12);
  EXPECT_NEAR(m.recall100, 1.0, 1e-12);
}

TEST(Evaluation, RepeatedDocumentCountsOnlyAtItsFirstRank) {
  auto m = fe::evaluate_query({"x", "x", "a"}, {"a"});
  EXPECT_DOUBLE_EQ(m.mrr10, 0.5);
}

TEST(Evaluation, RecallAtHundredIgnoresDocumentsPastRankHundred) {
  std::vector<std::string> ranking;
  for (int i = 0; i < 150; ++i) ranking.push_back("x" + std::to_string(i));
  ranking[49] = "a";
  ranking[119] = "b";
  auto m = fe::evaluate_query(ranking, {"a", "b"});
  EXPECT_DOUBLE_EQ(m.recall100, 0.5);
  EXPECT_DOUBLE_EQ(m.recall10, 0.0);
  EXPECT_NEAR(m.ap, (1.0 / 50 + 2.0 / 120) / 2, 1e-12);
}

TEST(Evaluation, QueriesMissingFromTheRunCountAsZero) {
  std::istringstream qrels("q1 0 a 1\nq2 0 b 1\nq3 0 c 0\n");
  std::istringstream run("q1 Q0 a 1 2.5 t\nq9 Q0 b 1 1.0 t\n");
  auto e = fe::evaluate(fe::read_qrels(qrels), fe::read_run(run));
  // q3 has no relevant document and is not counted; q9 is not in the qrels.
  EXPECT_EQ(e.num_queries, 2u);
  EXPECT_EQ(e.num_queries_without_results, 1u);
  EXPECT_DOUBLE_EQ(e.mean.mrr10, 0.5);
  EXPECT_DOUBLE_EQ(e.mean.recall100, 0.5);
}

TEST(Evaluation, RunIsOrderedByScoreThenRank) {
  std::istringstream run(
      "q1 Q0 low 1 1.0 t\nq1 Q0 high 2 9.0 t\nq1 Q0 tie_b 4 5.0 t\n"
      "q1 Q0 tie_a 3 5.0 t\n");
  auto r = fe::read_run(run);
  EXPECT_EQ(r.at("q1"), (std::vector<std::string>{"high", "tie_a", "tie_b", "low"}));
}

TEST(Evaluation, MalformedRunLineIsRejectedWithItsLineNumber) {
  std::istringstream run("q1 Q0 a 1 2.0 t\nq1 Q0 b two 1.0\n");
  try {
    fe::read_run(run);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
}

TEST(Evaluation, ReportPrintsTrecEvalStyleLines) {
  std::istringstream qrels("q1 0 a 1\n");
  std::istringstream run("q1 Q0 x 1 2 t\nq1 Q0 a 2 1 t\n");
  auto e = fe::evaluate(fe::read_qrels(qrels), fe::read_run(run));
  std::ostringstream out;
  fe::write_report(out, e, /*per_query=*/true);
  const std::string s = out.str();
  EXPECT_NE(s.find("mrr@10\tq1\t0.5000\n"), std::string::npos) << s;
  EXPECT_NE(s.find("mrr@10\tall\t0.5000\n"), std::string::npos) << s;
  EXPECT_NE(s.find("num_q\tall\t1\n"), std::string::npos) << s;
}
