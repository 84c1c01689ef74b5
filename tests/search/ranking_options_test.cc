// RankingOptions::validate(): the checks fahras-search runs on its ranking
// options, in the library so that every Searcher (fahras-serve's included)
// refuses the same values.
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fahras/error.h"
#include "fahras/field_search.h"
#include "fahras/query_builder.h"
#include "fahras/search_database.h"
#include "fahras/searcher.h"
#include "fahras/suggester.h"

namespace {

using fahras::RankingOptions;

struct BadValue {
  const char* option;  // as the message must name it
  std::function<void(RankingOptions&)> set;
};

TEST(RankingOptions, DefaultsAndTheEdgesOfEachRangeAreValid) {
  EXPECT_NO_THROW(RankingOptions{}.validate());
  RankingOptions r;
  r.exact_weight = r.title_weight = r.proximity_weight = r.nisba_weight = 0;
  r.coverage_exponent = r.pair_weight = r.title_cover_weight = 0;
  r.common_term_ratio = r.common_bonus_ratio = 1;
  r.rerank_depth = 100000;
  r.pair_window = r.proximity_window = 1000;
  r.variant_weight = r.synonym_weight = 1;
  r.bm25_k1 = 0;
  r.bm25_b = 1;
  EXPECT_NO_THROW(r.validate());
}

TEST(RankingOptions, EachOutOfRangeValueIsAUsageErrorNamingItsOption) {
  const std::vector<BadValue> bad = {
      {"ranking weights", [](RankingOptions& r) { r.exact_weight = -0.1; }},
      {"ranking weights", [](RankingOptions& r) { r.title_weight = -1; }},
      {"ranking weights", [](RankingOptions& r) { r.proximity_weight = -1; }},
      {"--nisba-weight", [](RankingOptions& r) { r.nisba_weight = -0.3; }},
      {"--coverage-exponent", [](RankingOptions& r) { r.coverage_exponent = -1; }},
      {"--pair-weight", [](RankingOptions& r) { r.pair_weight = -1; }},
      {"--pair-weight", [](RankingOptions& r) { r.title_cover_weight = -1; }},
      {"--common-term-ratio", [](RankingOptions& r) { r.common_term_ratio = 1.5; }},
      {"--common-term-ratio", [](RankingOptions& r) { r.common_term_ratio = -0.5; }},
      {"--common-bonus-ratio", [](RankingOptions& r) { r.common_bonus_ratio = 1.5; }},
      {"--common-bonus-ratio", [](RankingOptions& r) { r.common_bonus_ratio = -0.1; }},
      {"--rerank-depth", [](RankingOptions& r) { r.rerank_depth = 100001; }},
      {"--pair-window", [](RankingOptions& r) { r.pair_window = 0; }},
      {"--pair-window", [](RankingOptions& r) { r.pair_window = 1001; }},
      {"--proximity-window", [](RankingOptions& r) { r.proximity_window = 0; }},
      {"--variant-weight", [](RankingOptions& r) { r.variant_weight = 1.5; }},
      {"--synonym-weight", [](RankingOptions& r) { r.synonym_weight = -0.1; }},
      {"--bm25", [](RankingOptions& r) { r.bm25_b = 2; }},
      {"--bm25", [](RankingOptions& r) { r.bm25_k1 = -1; }},
  };
  for (const BadValue& b : bad) {
    RankingOptions r;
    b.set(r);
    try {
      r.validate();
      ADD_FAILURE() << b.option << ": accepted";
    } catch (const fahras::UsageError& e) {
      EXPECT_NE(std::string(e.what()).find(b.option), std::string::npos) << e.what();
    }
  }
}

TEST(RankingOptions, ASearcherRefusesOptionsOutOfRangeBeforeOpeningTheDatabase) {
  RankingOptions r;
  r.pair_window = 0;
  EXPECT_THROW(fahras::Searcher("/nonexistent/fahras.db", r), fahras::UsageError);
  // In range, the same call fails on the database instead.
  EXPECT_THROW(fahras::Searcher("/nonexistent/fahras.db", RankingOptions{}), fahras::DatabaseError);
}

TEST(DatabaseOpenOptions, TimeoutsAboveAnHourAreUsageErrors) {
  fahras::DatabaseOpenOptions o;
  EXPECT_NO_THROW(o.validate());
  o.remote_timeout_ms = 3'600'001;
  EXPECT_THROW(o.validate(), fahras::UsageError);
  o.remote_timeout_ms = 0;
  o.connect_timeout_ms = 3'600'001;
  EXPECT_THROW(o.validate(), fahras::UsageError);
}

TEST(SpellingOptions, SwitchOffTurnsOffExactlyTheNamedParts) {
  fahras::SpellingOptions o;
  o.switch_off("splits,second");
  EXPECT_FALSE(o.splits);
  EXPECT_LT(o.runner_up_margin, 0);
  EXPECT_TRUE(o.arabic_costs);
  EXPECT_TRUE(o.by_stem);
  EXPECT_TRUE(o.stop_words);
  o.switch_off("arabic-costs,stems");
  EXPECT_FALSE(o.arabic_costs);
  EXPECT_FALSE(o.by_stem);
  EXPECT_TRUE(o.stop_words);
  o.switch_off("stopwords");
  EXPECT_FALSE(o.stop_words);
  EXPECT_NE(o, fahras::SpellingOptions{});
  fahras::SpellingOptions untouched;
  untouched.switch_off("");
  EXPECT_TRUE(untouched.splits && untouched.arabic_costs && untouched.by_stem && untouched.stop_words);
}

TEST(SpellingOptions, AnUnknownPartIsAUsageErrorNamingIt) {
  fahras::SpellingOptions o;
  try {
    o.switch_off("splits,vowels");
    FAIL() << "no error for an unknown part";
  } catch (const fahras::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("\"vowels\""), std::string::npos) << e.what();
  }
}

TEST(RecencyBoost, ValuesOutsideZeroToAMillionAreUsageErrors) {
  EXPECT_NO_THROW(fahras::RecencyBoost{}.validate());
  EXPECT_NO_THROW((fahras::RecencyBoost{1e6, 1e6}.validate()));
  EXPECT_THROW((fahras::RecencyBoost{-1, 1}.validate()), fahras::UsageError);
  EXPECT_THROW((fahras::RecencyBoost{30, 2e6}.validate()), fahras::UsageError);
  EXPECT_THROW((fahras::RecencyBoost{std::nan(""), 1}.validate()), fahras::UsageError);
}

}  // namespace
