// Snippet windows, highlight offsets into the original text, and the output
// helper for visual bidi lines (result_writer_test.cc tests the rest).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fahras/analyzer.h"
#include "fahras/result_writer.h"
#include "fahras/snippet.h"

using fahras::Analyzer;
using fahras::ByteRange;
using fahras::QueryTerms;

namespace {

// The terms a query word contributes, as QueryBuilder would record them.
QueryTerms terms_for(Analyzer& a, std::initializer_list<std::string> words) {
  QueryTerms t;
  for (const auto& w : words)
    a.analyze(w, [&](const fahras::AnalyzedToken& tok) {
      t.stems.insert(std::string(tok.stem));
      t.exact.insert(std::string(tok.norm));
    });
  return t;
}

std::string slice(const std::string& s, ByteRange r) { return s.substr(r.begin, r.end - r.begin); }

std::string filler(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "جبل نهر ";
  return s;
}

bool is_token_start(const std::string& text, std::uint32_t at, Analyzer& a) {
  bool found = false;
  a.analyze(text, [&](const fahras::AnalyzedToken& t) { found = found || t.begin == at; });
  return found;
}

}  // namespace

TEST(Snippet, HighlightsTheWholeDiacritisedWordAtItsOriginalOffsets) {
  Analyzer a;
  const std::string text = "قال وزيرُ الخارجيّةِ الصِّينيُّ إنّ بكين تدعم السلام.";
  auto s = fahras::make_snippet(a, text, terms_for(a, {"الخارجية"}), 400);
  ASSERT_EQ(s.highlights.size(), 1u);
  EXPECT_EQ(slice(text, s.highlights[0]), "الخارجيّةِ");
}

TEST(Snippet, HighlightsInflectedFormsSharingTheQueryStem) {
  Analyzer a;
  const std::string text = "وصل الوفد إلى بكين، والصين ترحب.";
  auto s = fahras::make_snippet(a, text, terms_for(a, {"الصين"}), 400);
  ASSERT_EQ(s.highlights.size(), 1u);
  EXPECT_EQ(slice(text, s.highlights[0]), "والصين");
}

TEST(Snippet, ShortPassageIsShownWholeWithoutEllipses) {
  Analyzer a;
  const std::string text = "«السلام» في أوكرانيا.";
  auto s = fahras::make_snippet(a, text, terms_for(a, {"السلام"}), 400);
  EXPECT_EQ(s.range, (ByteRange{0, static_cast<std::uint32_t>(text.size())}));
  EXPECT_FALSE(s.cut_begin);
  EXPECT_FALSE(s.cut_end);
  EXPECT_EQ(fahras::snippet_text(text, s), text);
}

TEST(Snippet, WindowHoldsTheMostDistinctQueryWords) {
  Analyzer a;
  // One query word alone early; two different ones together near the end.
  const std::string text = "السلام " + filler(40) + "روسيا " + filler(40) + "الصين أوكرانيا " + filler(5);
  auto s = fahras::make_snippet(a, text, terms_for(a, {"السلام", "الصين", "أوكرانيا"}), 120);
  std::vector<std::string> shown;
  for (const auto& h : s.highlights) shown.push_back(slice(text, h));
  EXPECT_EQ(shown, (std::vector<std::string>{"الصين", "أوكرانيا"}));
  EXPECT_TRUE(s.cut_begin);
}

TEST(Snippet, CutsAtTokenBoundariesWithinTheByteBudget) {
  Analyzer a;
  const std::string text = filler(30) + "الصين " + filler(30);
  for (std::size_t budget : {40u, 64u, 100u, 200u}) {
    auto s = fahras::make_snippet(a, text, terms_for(a, {"الصين"}), budget);
    SCOPED_TRACE(budget);
    EXPECT_LE(s.range.end - s.range.begin, budget);
    EXPECT_TRUE(s.cut_begin);
    EXPECT_TRUE(s.cut_end);
    EXPECT_TRUE(is_token_start(text, s.range.begin, a));
    ASSERT_EQ(s.highlights.size(), 1u);
    EXPECT_EQ(slice(text, s.highlights[0]), "الصين");
    const auto shown = fahras::snippet_text(text, s);
    EXPECT_EQ(shown.rfind("…", 0), 0u);
    EXPECT_EQ(shown.substr(shown.size() - std::string("…").size()), "…");
  }
}

TEST(Snippet, GivesContextBeforeTheFirstMatch) {
  Analyzer a;
  const std::string text = filler(30) + "الصين " + filler(30);
  auto s = fahras::make_snippet(a, text, terms_for(a, {"الصين"}), 200);
  ASSERT_EQ(s.highlights.size(), 1u);
  EXPECT_GT(s.highlights[0].begin, s.range.begin);
}

TEST(Snippet, WithoutMatchesShowsThePassageHead) {
  Analyzer a;
  const std::string text = filler(40);
  auto s = fahras::make_snippet(a, text, terms_for(a, {"الصين"}), 64);
  EXPECT_EQ(s.range.begin, 0u);
  EXPECT_LE(s.range.end, 64u);
  EXPECT_FALSE(s.cut_begin);
  EXPECT_TRUE(s.cut_end);
  EXPECT_TRUE(s.highlights.empty());
}

TEST(Snippet, AllMatchesAreReportedAcrossThePassage) {
  Analyzer a;
  const std::string text = "الصين " + filler(40) + "بالصين";
  std::vector<ByteRange> all;
  fahras::make_snippet(a, text, terms_for(a, {"الصين"}), 64, &all);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(slice(text, all[0]), "الصين");
  EXPECT_EQ(slice(text, all[1]), "بالصين");
  EXPECT_EQ(all, fahras::find_matches(a, text, terms_for(a, {"الصين"})));
}

TEST(Snippet, WildcardPrefixHighlightsWordsStartingWithIt) {
  Analyzer a;
  QueryTerms t;
  t.wildcard_prefixes.push_back("اوكر");
  const std::string text = "زار أوكرانيا ثم عاد";
  auto m = fahras::find_matches(a, text, t);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(slice(text, m[0]), "أوكرانيا");
}

TEST(VisualLine, ReversesRightToLeftRunsAndKeepsLeftToRightOnes) {
  // First strong character is Latin: a left-to-right line with one
  // right-to-left run, whose letters come out reversed.
  EXPECT_EQ(fahras::visual_line("ab جد", {}, "", ""), "ab دج");
  EXPECT_EQ(fahras::visual_line("abc 123", {}, "", ""), "abc 123");
}

TEST(VisualLine, WrapsMarkedRangesAfterReordering) {
  // "جد" occupies bytes 3..7; marked, it stays wrapped as one unit.
  EXPECT_EQ(fahras::visual_line("ab جد", {ByteRange{3, 7}}, "<", ">"), "ab <دج>");
  // Right-to-left line: the marked word's place moves with the reordering.
  EXPECT_EQ(fahras::visual_line("جد هو", {ByteRange{0, 4}}, "<", ">"), "وه <دج>");
}

TEST(VisualLine, KeepsDiacriticsAfterTheirBaseLetters) {
  // ب + fatha, then د: reversed as د, ب, fatha (the mark stays on its base).
  EXPECT_EQ(fahras::visual_line("بَد", {}, "", ""), "دبَ");
}
