// The Xapian adapter: QueryParser and TermGenerator with our Stem produce
// exactly the Z<stem> terms the Analyzer gives.
#include "fahras/xapian_stem.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/normalizer.h"

namespace {

const char* const kText = "وَالْمَدْرَسَةُ الجديدة سيكتبون الرسائل إلى الوزراء في مدرستهم";

std::set<std::string> analyzer_z_terms(std::string_view text) {
  fahras::Analyzer analyzer(fahras::StemmerKind::kFahras);
  std::set<std::string> terms;
  analyzer.analyze(text, [&](const fahras::AnalyzedToken& t) { terms.insert("Z" + std::string(t.stem)); });
  return terms;
}

TEST(XapianStem, FahrasStemNormalisesThenStems) {
  Xapian::Stem stem = fahras::make_xapian_stem(fahras::StemmerKind::kFahras);
  EXPECT_EQ(stem("والمدرسة"), "مدرس");
  EXPECT_EQ(stem("وَالْمَدْرَسَةُ"), "مدرس");
  EXPECT_EQ(stem("سيكتبون"), "كتب");
  EXPECT_NE(stem.get_description().find("fahras"), std::string::npos);
}

TEST(XapianStem, MakeStemGivesSnowballAndNone) {
  Xapian::Stem snowball = fahras::make_xapian_stem(fahras::StemmerKind::kSnowball);
  EXPECT_EQ(snowball("الكتاب"), Xapian::Stem("arabic")("الكتاب"));
  Xapian::Stem none = fahras::make_xapian_stem(fahras::StemmerKind::kNone);
  EXPECT_EQ(none("الكتاب"), "الكتاب");
}

TEST(XapianStem, TermGeneratorProducesTheAnalyzersStems) {
  Xapian::TermGenerator tg;
  tg.set_stemmer(fahras::make_xapian_stem(fahras::StemmerKind::kFahras));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  Xapian::Document doc;
  tg.set_document(doc);
  tg.index_text(kText);
  std::set<std::string> z;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it)
    if (!(*it).empty() && (*it)[0] == 'Z') z.insert(*it);
  EXPECT_EQ(z, analyzer_z_terms(kText));
}

TEST(XapianStem, QueryParserProducesTheAnalyzersStems) {
  Xapian::QueryParser qp;
  qp.set_stemmer(fahras::make_xapian_stem(fahras::StemmerKind::kFahras));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  const Xapian::Query q = qp.parse_query(kText);
  std::set<std::string> z(q.get_terms_begin(), q.get_terms_end());
  EXPECT_EQ(z, analyzer_z_terms(kText));
}

TEST(XapianStem, DiacritisedQueryMatchesPlainDocumentTerms) {
  Xapian::QueryParser qp;
  qp.set_stemmer(fahras::make_xapian_stem(fahras::StemmerKind::kFahras));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  const Xapian::Query marked = qp.parse_query("الْوُزَرَاءُ");
  const Xapian::Query plain = qp.parse_query("الوزراء");
  EXPECT_EQ(std::vector<std::string>(marked.get_terms_begin(), marked.get_terms_end()),
            std::vector<std::string>(plain.get_terms_begin(), plain.get_terms_end()));
}

TEST(XapianStem, SnowballWordStemmerMatchesXapian) {
  fahras::SnowballWordStemmer s;
  std::string scratch;
  EXPECT_EQ(s.stem("المكتبات", scratch), Xapian::Stem("arabic")("المكتبات"));
}

TEST(XapianStem, StopperRecognisesNormalisedAndRawStopWords) {
  fahras::FahrasStopper stopper;
  EXPECT_TRUE(stopper("في"));
  EXPECT_TRUE(stopper("إِلَى"));
  EXPECT_TRUE(stopper("أين"));
  EXPECT_FALSE(stopper("الكتاب"));
  EXPECT_FALSE(stopper.get_description().empty());
}

TEST(XapianStem, StopperWorksInsideQueryParser) {
  Xapian::QueryParser qp;
  qp.set_stemmer(fahras::make_xapian_stem(fahras::StemmerKind::kFahras));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  qp.set_stopper((new fahras::FahrasStopper)->release());
  const Xapian::Query q = qp.parse_query("الكتاب في المدرسة");
  std::set<std::string> z(q.get_terms_begin(), q.get_terms_end());
  EXPECT_EQ(z, (std::set<std::string>{"Zكتاب", "Zمدرس"}));
}

}  // namespace
