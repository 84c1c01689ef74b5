// Typed fields in the shared core (core/include/fahras/fields.h): the
// boolean terms a date is filtered by, and the cover of a date range.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fahras/fields.h"

namespace {

using fahras::date_cover_terms;
using fahras::date_terms;
using fahras::FieldSchema;
using fahras::FieldType;
using fahras::parse_date_span;

const fahras::FieldSpec& date_field() {
  static FieldSchema schema;
  static const fahras::FieldSpec& f = schema.add("date", FieldType::kDate);
  return f;
}

std::vector<std::string> cover(const std::string& from, const std::string& to) {
  const auto a = parse_date_span(from);
  const auto b = parse_date_span(to);
  EXPECT_TRUE(a && b) << from << ".." << to;
  std::vector<std::string> values;
  for (const std::string& t : date_cover_terms(date_field(), a->first, b->second))
    values.push_back(t.substr(date_field().prefix().size()));
  return values;
}

TEST(DateTerms, ATimeHasItsYearMonthAndDayInUtc) {
  const auto t = fahras::parse_iso_datetime("2015-08-20T23:30:00+03:00");  // 20:30 UTC
  ASSERT_TRUE(t);
  const auto terms = date_terms(date_field(), *t);
  const std::string p = date_field().prefix();
  EXPECT_EQ(terms[0], p + "Y2015");
  EXPECT_EQ(terms[1], p + "M201508");
  EXPECT_EQ(terms[2], p + "D20150820");
}

TEST(DateTerms, BeforeNineteenSeventyTheDayIsNotRoundedUp) {
  const auto t = fahras::parse_iso_datetime("1969-12-31T23:00:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(date_terms(date_field(), *t)[2], date_field().prefix() + "D19691231");
}

TEST(DateTerms, EachTermReadsBackAsTheDateAQueryWrites) {
  const std::string p = date_field().prefix();
  for (const std::string& t : date_terms(date_field(), *fahras::parse_iso_datetime("2015-07-21T10:00:00Z")))
    EXPECT_TRUE(fahras::date_term_label(t.substr(p.size())).has_value()) << t;
  EXPECT_EQ(fahras::date_term_label("Y2015"), "2015");
  EXPECT_EQ(fahras::date_term_label("M201507"), "2015-07");
  EXPECT_EQ(fahras::date_term_label("D20150721"), "2015-07-21");
  EXPECT_FALSE(fahras::date_term_label("y2015").has_value());  // a keyword value, lower case
  EXPECT_FALSE(fahras::date_term_label("M2015").has_value());
  EXPECT_FALSE(fahras::date_term_label("okaz").has_value());
}

TEST(DateCover, WholeMonthsAndYearsTakeOneTermEach) {
  EXPECT_EQ(cover("2015-07-30", "2015-09-02"),
            (std::vector<std::string>{"D20150730", "D20150731", "M201508", "D20150901", "D20150902"}));
  EXPECT_EQ(cover("2014-12", "2016-01"), (std::vector<std::string>{"M201412", "Y2015", "M201601"}));
  EXPECT_EQ(cover("2015", "2015"), (std::vector<std::string>{"Y2015"}));
}

TEST(DateCover, FebruaryOfALeapYearEndsOnTheTwentyNinth) {
  EXPECT_EQ(cover("2016-02-01", "2016-02-29"), (std::vector<std::string>{"M201602"}));
  EXPECT_EQ(cover("2015-02-27", "2015-03-01"), (std::vector<std::string>{"D20150227", "D20150228", "D20150301"}));
}

TEST(DateCover, AnEmptyRangeHasNoTerms) {
  const auto a = parse_date_span("2015-07-02");
  const auto b = parse_date_span("2015-07-01");
  EXPECT_TRUE(date_cover_terms(date_field(), a->first, b->second).empty());
}

}  // namespace
