// The answer a query gets, whatever the format: the JSON answer object's
// schema (docs/searching.md), the count in words, the HTML snippet, and the
// visual bidi line keeping an id in one piece.
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fahras/result_writer.h"

using fahras::ByteRange;
using fahras::SearchHit;
using fahras::SearchRequest;
using fahras::SearchResults;
using fahras::WriterOptions;
using nlohmann::ordered_json;

namespace {

// A hit on passage 2 (0-based) of 5 whose text is "<b>الصين & روسيا</b>" and
// whose snippet is the whole passage, الصين highlighted.
SearchHit sample_hit() {
  SearchHit hit;
  hit.rank = 11;
  hit.score = 2.5;
  hit.passage.doc_id = "001_0300bacb8aeb6261.txt";
  hit.passage.passage_no = 2;
  hit.passage.passage_count = 5;
  hit.passage.begin = 100;
  hit.passage.end = 131;
  hit.passage.title = "عنوان";
  hit.passage.text = "<b>الصين & روسيا</b>";
  hit.passage.metadata_json = R"({"date":"2015-07-21T02:51:32","source":"aawsat"})";
  const std::string word = "الصين";
  const auto at = static_cast<std::uint32_t>(hit.passage.text.find(word));
  const ByteRange match{at, at + static_cast<std::uint32_t>(word.size())};
  hit.snippet.range = ByteRange{0, static_cast<std::uint32_t>(hit.passage.text.size())};
  hit.snippet.highlights = {match};
  hit.highlights = {match};
  return hit;
}

SearchResults sample_results() {
  SearchResults r;
  r.hits.push_back(sample_hit());
  r.matches_lower = 900;
  r.matches_estimated = 1240;
  r.matches_upper = 3000;
  r.matches_exact = false;
  r.stopped = {"ما", "هي"};
  r.understood = "صين OR روس";
  r.notices = {"the query was read as plain words"};
  return r;
}

SearchRequest page(unsigned offset, unsigned limit) {
  SearchRequest req;
  req.query = "ما هي الصين روسيا";
  req.offset = offset;
  req.limit = limit;
  return req;
}

}  // namespace

TEST(AnswerJson, HasTheDocumentedKeysInOrder) {
  const ordered_json a = fahras::answer_json(page(10, 10), sample_results(), WriterOptions{}, "q7");
  std::vector<std::string> keys;
  for (const auto& [k, v] : a.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"qid", "query", "total", "offset", "limit", "hits", "ignored_words",
                                            "did_you_mean", "relaxed", "notices", "partial", "missing_shards"}));
  EXPECT_TRUE(a["did_you_mean"].is_null());  // no suggestion (suggester.h)
  EXPECT_EQ(a["relaxed"], false);
  EXPECT_EQ(a["qid"], "q7");
  EXPECT_EQ(a["query"]["text"], "ما هي الصين روسيا");
  EXPECT_EQ(a["query"]["understood"], "صين OR روس");
  EXPECT_EQ(a["offset"], 10);
  EXPECT_EQ(a["limit"], 10);
  EXPECT_EQ(a["ignored_words"], ordered_json::array({"ما", "هي"}));
  EXPECT_EQ(a["notices"], ordered_json::array({"the query was read as plain words"}));
  EXPECT_EQ(a["partial"], false);
  EXPECT_TRUE(a["missing_shards"].is_array());
}

TEST(AnswerJson, AnEstimatedTotalCarriesItsBoundsAndAnExactOneDoesNot) {
  SearchResults r = sample_results();
  ordered_json total = fahras::answer_json(page(0, 10), r, WriterOptions{})["total"];
  EXPECT_EQ(total,
            (ordered_json{{"value", 1240}, {"exact", false}, {"lower", 900}, {"upper", 3000}, {"unit", "documents"}}));
  r.matches_lower = r.matches_estimated = r.matches_upper = 12;
  r.matches_exact = true;
  SearchRequest passages = page(0, 10);
  passages.all_passages = true;
  total = fahras::answer_json(passages, r, WriterOptions{})["total"];
  EXPECT_EQ(total, (ordered_json{{"value", 12}, {"exact", true}, {"unit", "passages"}}));
}

TEST(AnswerJson, EachHitHasIdsScoreMetadataAndPlainAndHtmlSnippets) {
  const ordered_json a = fahras::answer_json(page(10, 10), sample_results(), WriterOptions{});
  ASSERT_EQ(a["hits"].size(), 1u);
  const ordered_json& h = a["hits"][0];
  EXPECT_EQ(h["rank"], 11);
  EXPECT_EQ(h["docid"], "001_0300bacb8aeb6261.txt");
  EXPECT_EQ(h["passage"], 2);
  EXPECT_EQ(h["passage_count"], 5);
  EXPECT_DOUBLE_EQ(h["score"].get<double>(), 2.5);
  EXPECT_EQ(h["title"], "عنوان");
  EXPECT_EQ(h["metadata"], (ordered_json{{"date", "2015-07-21T02:51:32"}, {"source", "aawsat"}}));
  EXPECT_EQ(h["snippet"], "<b>الصين & روسيا</b>");
  EXPECT_EQ(h["snippet_html"], "&lt;b&gt;<mark>الصين</mark> &amp; روسيا&lt;/b&gt;");
  EXPECT_EQ(h["snippet_range"], ordered_json::array({0, 30}));
  EXPECT_EQ(h["highlights"], ordered_json::array({ordered_json::array({3, 13})}));
  EXPECT_EQ(h["source_range"], ordered_json::array({100, 131}));
  EXPECT_FALSE(h.contains("passage_text"));
  WriterOptions with_text;
  with_text.passage_text = true;
  EXPECT_EQ(fahras::hit_json(sample_hit(), with_text)["passage_text"], "<b>الصين & روسيا</b>");
}

TEST(AnswerJson, MetadataIsAnEmptyObjectWhenAbsentAndNullWhenDamaged) {
  SearchHit hit = sample_hit();
  hit.passage.metadata_json.clear();
  EXPECT_EQ(fahras::hit_json(hit, WriterOptions{})["metadata"], ordered_json::object());
  hit.passage.metadata_json = "{\"date\":";
  EXPECT_TRUE(fahras::hit_json(hit, WriterOptions{})["metadata"].is_null());
}

TEST(AnswerJson, NoMatchIsAValidAnswerWithNoHits) {
  SearchResults none;
  none.matches_exact = true;
  std::ostringstream out;
  WriterOptions opt;
  opt.format = fahras::OutputFormat::kJson;
  fahras::write_results(out, opt, "", page(0, 10), none);
  const ordered_json a = ordered_json::parse(out.str());
  EXPECT_EQ(a["hits"], ordered_json::array());
  EXPECT_EQ(a["total"]["value"], 0);
  EXPECT_EQ(a["total"]["exact"], true);
  EXPECT_EQ(out.str().find('\n'), out.str().size() - 1) << "one line per answer";
}

TEST(AnswerJson, InvalidUtf8BecomesReplacementCharacters) {
  SearchHit hit = sample_hit();
  hit.passage.title =
      "a\xFF"
      "b";
  EXPECT_EQ(fahras::dump_json(fahras::hit_json(hit, WriterOptions{})["title"]),
            "\"a\xEF\xBF\xBD"
            "b\"");
}

TEST(JsonLines, OneLinePerHitWithTheQuery) {
  SearchResults r = sample_results();
  r.hits.push_back(sample_hit());
  std::ostringstream out;
  WriterOptions opt;
  opt.format = fahras::OutputFormat::kJsonl;
  fahras::write_results(out, opt, "q1", page(0, 10), r);
  std::istringstream lines(out.str());
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    const ordered_json j = ordered_json::parse(line);
    EXPECT_EQ(j["qid"], "q1");
    EXPECT_EQ(j["query"], "ما هي الصين روسيا");
    EXPECT_EQ(j["docid"], "001_0300bacb8aeb6261.txt");
    ++n;
  }
  EXPECT_EQ(n, 2);
}

TEST(CountPhrase, ExactCountsAreGroupedAndEstimatesSayWhatTheyAre) {
  SearchResults r = sample_results();
  EXPECT_EQ(fahras::count_phrase(page(0, 10), r), "about 1,240 documents match (estimate: 900 to 3,000)");
  r.matches_lower = r.matches_estimated = r.matches_upper = 1;
  r.matches_exact = true;
  EXPECT_EQ(fahras::count_phrase(page(0, 10), r), "1 document matches");
  SearchRequest passages = page(0, 10);
  passages.all_passages = true;
  r.matches_lower = r.matches_estimated = r.matches_upper = 12345;
  EXPECT_EQ(fahras::count_phrase(passages, r), "12,345 passages match");
}

TEST(CountPhrase, AnEmptyPageSaysWhyWhenThereAreMatches) {
  SearchResults r = sample_results();
  r.hits.clear();
  EXPECT_EQ(fahras::empty_page_phrase(page(5000, 10), r), "none on this page (offset 5000)");
  EXPECT_EQ(fahras::empty_page_phrase(page(0, 0), r), "none shown (limit 0)");
  EXPECT_EQ(fahras::empty_page_phrase(page(0, 10), SearchResults{}), "");
  EXPECT_EQ(fahras::empty_page_phrase(page(0, 10), sample_results()), "");
}

TEST(TextOutput, HeaderGivesTheCountAndEachHitItsDateAndSource) {
  std::ostringstream out;
  fahras::write_results(out, WriterOptions{}, "", page(10, 10), sample_results());
  const std::string s = out.str();
  EXPECT_EQ(s.rfind("about 1,240 documents match (estimate: 900 to 3,000); showing 11\n", 0), 0u) << s;
  EXPECT_NE(s.find("(ignored common words: ما هي)"), std::string::npos) << s;
  EXPECT_NE(s.find("(note: the query was read as plain words)"), std::string::npos) << s;
  EXPECT_NE(s.find("\n   2015-07-21 · aawsat\n"), std::string::npos) << s;
}

TEST(HtmlMarked, EscapesAndMarksRanges) {
  EXPECT_EQ(fahras::html_marked("a<b>'\"&c", {ByteRange{1, 4}}), "a<mark>&lt;b&gt;</mark>&#39;&quot;&amp;c");
  EXPECT_EQ(fahras::html_marked("abc", {}), "abc");
}

TEST(VisualLine, AnIsolatedIdStaysInOnePieceAndTheIsolatesAreDropped) {
  // Issue 16 item 5: in a right-to-left line, "001_0300bacb8aeb6261.txt"
  // came out as "0300bacb8aeb6261.txt … 2.475_001".
  const std::string id = "001_0300bacb8aeb6261.txt";
  const std::string line = "1. عنوان  [\u2066" + id + "\u2069 · passage 1/9 · score 2.475]";
  const std::string v = fahras::visual_line(line, {}, "", "");
  EXPECT_NE(v.find(id), std::string::npos) << v;
  EXPECT_EQ(v.find("\u2066"), std::string::npos) << v;
  EXPECT_EQ(v.find("\u2069"), std::string::npos) << v;
  EXPECT_NE(v.find("score 2.475"), std::string::npos) << v;
}

// A hit whose search made no snippet (fahras-serve's snippets=false) has no
// snippet keys, in both JSON writers, and keeps everything else.
TEST(AnswerJson, AHitWithoutASnippetLeavesOutItsSnippetKeysOnly) {
  SearchResults r = sample_results();
  for (SearchHit& hit : r.hits) hit.snippet_shown = false;
  const auto j = fahras::answer_json(page(0, 10), r, WriterOptions{});
  ASSERT_FALSE(j["hits"].empty());
  for (const auto& hit : j["hits"]) {
    for (const char* key : {"snippet", "snippet_html", "snippet_range", "highlights"})
      EXPECT_FALSE(hit.contains(key)) << key << " in " << hit.dump();
    for (const char* key : {"rank", "docid", "passage", "score", "title", "metadata", "source_range"})
      EXPECT_TRUE(hit.contains(key)) << key << " missing from " << hit.dump();
  }
  EXPECT_EQ(fahras::answer_json_text(page(0, 10), r, WriterOptions{}), fahras::dump_json(j));
}

// The answer text the server and `fahras-search --format json` send is
// written directly; it must stay byte for byte nlohmann's dump of
// answer_json, whatever the strings hold.
TEST(AnswerJsonText, IsByteForByteTheDumpOfTheAnswerObject) {
  const auto same = [](const SearchRequest& req, const SearchResults& r, const WriterOptions& opt,
                       std::string_view qid) {
    EXPECT_EQ(fahras::answer_json_text(req, r, opt, qid), fahras::dump_json(fahras::answer_json(req, r, opt, qid)));
  };
  same(page(10, 10), sample_results(), WriterOptions{}, "q7");
  same(page(0, 0), SearchResults{}, WriterOptions{}, "");

  // Every escape nlohmann writes, control bytes, DEL, and ill-formed UTF-8
  // (a lone continuation byte, a cut sequence, a surrogate, an overlong form,
  // past U+10FFFF), which it replaces with U+FFFD.
  constexpr char kControls[] = "nul \0 bell \a bs \b ff \f nl \n cr \r tab \t us \x1f esc \x1b";
  const std::vector<std::string> tricky = {"quote \" backslash \\ slash /",
                                           std::string(kControls, sizeof kControls - 1),
                                           "del \x7f",
                                           "lone \x80 byte",
                                           "cut \xd8",
                                           "surrogate \xed\xa0\x80",
                                           "overlong \xc0\xaf",
                                           "big \xf4\x90\x80\x80",
                                           "four bytes \xf0\x9f\x98\x80 ok",
                                           "عَرَبِيّ «نص»",
                                           ""};
  SearchResults r = sample_results();
  SearchRequest req = page(0, 10);
  WriterOptions opt;
  opt.passage_text = true;
  for (const std::string& s : tricky) {
    SearchHit hit = sample_hit();
    hit.passage.doc_id = s;
    hit.passage.title = s;
    hit.passage.text = s + " " + s;
    hit.snippet.range = fahras::ByteRange{0, static_cast<std::uint32_t>(s.size())};
    hit.snippet.highlights.clear();
    hit.highlights.clear();
    hit.context_before.push_back(hit.passage);
    hit.context_after.push_back(hit.passage);
    r.hits.push_back(hit);
    r.stopped.push_back(s);
    r.notices.push_back(s);
    r.missing_shards.push_back(s);
  }
  req.query = tricky[1] + tricky[5];
  r.understood = tricky[3];
  r.did_you_mean = tricky[0];
  r.relaxed = true;
  same(req, r, opt, tricky[4]);
  r.notices.clear();
  same(req, r, opt, "");

  // Scores of every shape nlohmann prints, and metadata absent, damaged,
  // not an object, or with keys out of order.
  const std::vector<double> scores = {0.0, -0.0, 1.0, 2.5, 1e-7, 123456789.123, 1e21, 1.0 / 3.0, 0.1 + 0.2};
  const std::vector<std::string> metadata = {"", "{\"date\":", "[1,2]", R"({"z":1,"a":{"b":[1.5,"x"]},"m":null})",
                                             "{\"bad\":\"\xff\"}"};
  SearchResults shapes;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    SearchHit hit = sample_hit();
    hit.score = scores[i];
    hit.passage.metadata_json = metadata[i % metadata.size()];
    shapes.hits.push_back(hit);
  }
  shapes.matches_exact = true;
  same(page(0, 10), shapes, WriterOptions{}, "");

  // Facets (a field search) keep their own object.
  SearchRequest faceted = page(0, 10);
  faceted.fields.facets.emplace_back();
  fahras::FacetResult f;
  f.field = "source";
  f.distinct = 2;
  f.with_value = 3;
  f.values = {{"okaz", 2}, {"\"sabq\"", 1}};
  shapes.facets.push_back(f);
  same(faceted, shapes, WriterOptions{}, "");
}
