// describe_query: the JSON answer's query.understood, in fahras's syntax.
#include <string>

#include <gtest/gtest.h>
#include <xapian.h>

#include "fahras/query_description.h"

namespace {

// Parsed as QueryBuilder parses (STEM_ALL_Z, title: -> S, default OR), with
// an identity stemmer so the expected stems are the words themselves.
std::string understood(const std::string& q) {
  Xapian::QueryParser parser;
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  parser.set_default_op(Xapian::Query::OP_OR);
  parser.add_prefix("title", "S");
  return fahras::describe_query(
      parser.parse_query(q, Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
                                Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD));
}

}  // namespace

TEST(DescribeQuery, ShowsOperatorsAndTermsInQuerySyntax) {
  EXPECT_EQ(understood("صين روس"), "صين OR روس");
  EXPECT_EQ(understood("صين AND روس"), "صين AND روس");
  EXPECT_EQ(understood("صين NOT روس"), "صين NOT روس");
  EXPECT_EQ(understood("(صين OR هند) AND سلام"), "(صين OR هند) AND سلام");
  EXPECT_EQ(understood("title:صين"), "title:صين");
}

TEST(DescribeQuery, KeepsPhrasesWindowsAndWildcards) {
  EXPECT_EQ(understood("\"وزير خارج\""), "\"وزير خارج\"");
  EXPECT_EQ(understood("سلام NEAR/5 اوكران"), "سلام NEAR/5 اوكران");
  EXPECT_EQ(understood("سلام ADJ/3 اوكران"), "سلام ADJ/3 اوكران");
  EXPECT_EQ(understood("اوكر*"), "اوكر*");
}

TEST(DescribeQuery, AnEmptyQueryIsAnEmptyString) { EXPECT_EQ(fahras::describe_query(Xapian::Query()), ""); }
