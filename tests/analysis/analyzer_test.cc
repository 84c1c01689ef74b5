// Behaviour of the analysis chain: tokenizer -> stemmer -> stop words.
#include "fahras/analyzer.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "fahras/normalizer.h"
#include "fahras/stemmer.h"
#include "fahras/stopwords.h"

namespace {

using fahras::AnalyzedToken;
using fahras::Analyzer;
using fahras::StemmerKind;

struct A {
  std::string norm, stem;
  std::uint32_t begin, end, position;
  fahras::TokenScript script;
  bool stopword;
};

std::vector<A> analyze(Analyzer& a, std::string_view text, std::uint32_t first = 0) {
  std::vector<A> out;
  a.analyze(
      text,
      [&](const AnalyzedToken& t) {
        out.push_back({std::string(t.norm), std::string(t.stem), t.begin, t.end, t.position, t.script, t.stopword});
      },
      first);
  return out;
}

// A recognisable external stemmer: "<" + word + ">", built in scratch.
class BracketStemmer : public fahras::WordStemmer {
 public:
  std::string_view stem(std::string_view w, std::string& scratch) const override {
    scratch.assign("<").append(w).append(">");
    return scratch;
  }
};

const char* const kSample = "قال الرئيسُ «أحمد» في المدرسة إنّ الطلاب 25 Students في عام ٢٠٢٥";

TEST(Analyzer, ParsesStemmerKinds) {
  EXPECT_EQ(fahras::parse_stemmer_kind("fahras"), StemmerKind::kFahras);
  EXPECT_EQ(fahras::parse_stemmer_kind("snowball"), StemmerKind::kSnowball);
  EXPECT_EQ(fahras::parse_stemmer_kind("none"), StemmerKind::kNone);
}

TEST(Analyzer, RejectsUnknownStemmerKind) {
  EXPECT_THROW(fahras::parse_stemmer_kind("porter"), std::invalid_argument);
  EXPECT_THROW(fahras::parse_stemmer_kind(""), std::invalid_argument);
  EXPECT_THROW(fahras::parse_stemmer_kind("Fahras"), std::invalid_argument);
}

TEST(Analyzer, StemmerKindNamesRoundTrip) {
  for (StemmerKind k : {StemmerKind::kFahras, StemmerKind::kSnowball, StemmerKind::kNone})
    EXPECT_EQ(fahras::parse_stemmer_kind(fahras::to_string(k)), k);
}

TEST(Analyzer, SnowballWithoutAnExternalStemmerThrows) {
  EXPECT_THROW(Analyzer(StemmerKind::kSnowball), std::invalid_argument);
}

TEST(Analyzer, TokensMatchTheTokenizer) {
  Analyzer a(StemmerKind::kNone);
  fahras::Tokenizer t;
  std::vector<fahras::Token> expected;
  std::vector<std::string> expected_norms;
  t.tokenize(kSample, [&](const fahras::Token& k) {
    expected.push_back(k);
    expected_norms.emplace_back(k.norm);
  });
  const auto got = analyze(a, kSample);
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].norm, expected_norms[i]);
    EXPECT_EQ(got[i].begin, expected[i].begin);
    EXPECT_EQ(got[i].end, expected[i].end);
    EXPECT_EQ(got[i].position, expected[i].position);
    EXPECT_EQ(got[i].script, expected[i].script);
  }
}

TEST(Analyzer, NoneKeepsTheNormAsStem) {
  Analyzer a(StemmerKind::kNone);
  const auto toks = analyze(a, kSample);
  ASSERT_FALSE(toks.empty());
  for (const A& t : toks) EXPECT_EQ(t.stem, t.norm);
}

TEST(Analyzer, FahrasUsesTheLightStemmer) {
  Analyzer a(StemmerKind::kFahras);
  const fahras::LightStemmer light;
  const auto toks = analyze(a, kSample);
  ASSERT_FALSE(toks.empty());
  for (const A& t : toks) {
    if (t.script == fahras::TokenScript::kNumber) continue;
    EXPECT_EQ(t.stem, light.stem(t.norm)) << t.norm;
  }
}

TEST(Analyzer, SnowballUsesTheExternalStemmer) {
  const BracketStemmer ext;
  Analyzer a(StemmerKind::kSnowball, &ext);
  const auto toks = analyze(a, "الطلاب Students");
  ASSERT_EQ(toks.size(), 2u);
  EXPECT_EQ(toks[0].stem, "<الطلاب>");
  EXPECT_EQ(toks[1].stem, "<students>");
}

TEST(Analyzer, NumbersAreNeverStemmed) {
  const BracketStemmer ext;
  Analyzer a(StemmerKind::kSnowball, &ext);
  const auto toks = analyze(a, "عام 2025 و3.5");
  ASSERT_EQ(toks.size(), 4u);
  EXPECT_EQ(toks[1].stem, "2025");
  EXPECT_EQ(toks[3].stem, "3.5");
  EXPECT_EQ(toks[0].stem, "<عام>");
}

TEST(Analyzer, StemMethodAgreesWithAnalyze) {
  const BracketStemmer ext;
  Analyzer analyzers[] = {Analyzer(StemmerKind::kFahras), Analyzer(StemmerKind::kNone),
                          Analyzer(StemmerKind::kSnowball, &ext)};
  for (Analyzer& a : analyzers) {
    for (const A& t : analyze(a, kSample)) {
      if (t.script == fahras::TokenScript::kNumber) continue;
      EXPECT_EQ(std::string(a.stem(t.norm)), t.stem);
    }
  }
}

TEST(Analyzer, FlagsStopWordsByTheirNorm) {
  Analyzer a(StemmerKind::kFahras);
  const auto toks = analyze(a, kSample);
  ASSERT_FALSE(toks.empty());
  for (const A& t : toks) EXPECT_EQ(t.stopword, fahras::is_stopword(t.norm)) << t.norm;
}

TEST(Analyzer, ContinuesPositionsFromFirstPosition) {
  Analyzer a(StemmerKind::kNone);
  const auto toks = analyze(a, "واحد اثنان", 100);
  ASSERT_EQ(toks.size(), 2u);
  EXPECT_EQ(toks[0].position, 100u);
  EXPECT_EQ(toks[1].position, 101u);
}

TEST(Analyzer, ConfigStringNamesEveryVersion) {
  const std::string s = Analyzer(StemmerKind::kFahras).config_string();
  EXPECT_EQ(s, "fahras-analyzer/1 norm=" + std::to_string(fahras::kNormalizerVersion) + " stem=fahras/" +
                   std::to_string(fahras::LightStemmer::kVersion) +
                   " stop=" + std::to_string(fahras::kStopwordsVersion));
}

TEST(Analyzer, ConfigStringDiffersBetweenStemmers) {
  const BracketStemmer ext;
  const std::string f = Analyzer(StemmerKind::kFahras).config_string();
  const std::string s = Analyzer(StemmerKind::kSnowball, &ext).config_string();
  const std::string n = Analyzer(StemmerKind::kNone).config_string();
  EXPECT_NE(f, s);
  EXPECT_NE(f, n);
  EXPECT_NE(s, n);
  EXPECT_NE(s.find("stem=snowball"), std::string::npos);
  EXPECT_NE(n.find("stem=none"), std::string::npos);
}

}  // namespace
