// The search page in a real browser: headless Chromium (driven through the
// DevTools protocol by page_check.py) loads fahras-serve's "/" against the
// sample corpus, types a query and submits it; the test reads the rendered
// results from the DOM. The screenshot is left in the build folder
// (serve-page.png; the README shows a copy, docs/images/serve-page.png).
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server_support.h"

using fahras::test::bin;
using fahras::test::run_command;
using fahras::test::ServerProcess;
using fahras::test::shell_quote;
using fahras::test::TempDir;
using json = nlohmann::json;

namespace {

// The sample corpus indexed once for every test here.
class ServePage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fahras::test::have_binary("fahras-serve") || !fahras::test::have_binary("fahras-index")) return;
    tmp_ = new TempDir("serve-page");
    const auto r = run_command(bin("fahras-index") + " -q --db " + shell_quote(tmp_->path("db")) + " " +
                               shell_quote(std::string(FAHRAS_SOURCE_DIR) + "/data/sample"));
    indexed_ = r.status == 0;
    index_error_ = r.err;
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }
  void SetUp() override {
    if (!fahras::test::have_binary("fahras-serve") || !fahras::test::have_binary("fahras-index"))
      GTEST_SKIP() << "fahras-serve or fahras-index is not built";
    if (run_command("command -v chromium && command -v python3").status != 0)
      GTEST_SKIP() << "needs chromium and python3 (scripts/install-deps installs them)";
    ASSERT_TRUE(indexed_) << index_error_;
  }
  static std::string db() { return tmp_->path("db"); }
  // Runs page_check.py: types `query` on the page of the server at `base`.
  static json check_page(const std::string& base, const std::string& query, const std::string& shot,
                         const std::string& extra = "") {
    const auto r =
        run_command("python3 " + shell_quote(std::string(FAHRAS_SOURCE_DIR) + "/tests/server/page_check.py") + " " +
                    shell_quote(base) + " " + shell_quote(query) + " " + shell_quote(shot) + extra);
    EXPECT_EQ(r.status, 0) << r.err;
    return r.status == 0 ? json::parse(r.out) : json::object();
  }
  static inline TempDir* tmp_ = nullptr;
  static inline bool indexed_ = false;
  static inline std::string index_error_;
};

const std::string kChina = "الصين";
const std::string kSlip = "الصبن";  // ي typed as its keyboard neighbour ب

TEST_F(ServePage, TypingAQueryShowsRankedResultsWithHighlightedSnippets) {
  ServerProcess s({"--db", db()});
  ASSERT_TRUE(s.started()) << s.error();
  const std::string base = "http://127.0.0.1:" + std::to_string(s.port());
  const std::string shot = std::string(FAHRAS_BIN_DIR) + "/../serve-page.png";
  std::filesystem::remove(shot);
  const std::string query = kChina;
  const json page = check_page(base, query, shot);
  ASSERT_TRUE(page.contains("hits"));

  EXPECT_EQ(page["dir"], "rtl");
  EXPECT_EQ(page["lang"], "ar");
  EXPECT_FALSE(page["status_error"].get<bool>()) << page["status"];
  // The page shows what /search answers, in its order.
  const json answer = json::parse(s.client()->Get(fahras::test::search_path(query, "&limit=10"))->body);
  ASSERT_FALSE(answer["hits"].empty());
  ASSERT_EQ(page["hits"].size(), answer["hits"].size());
  for (std::size_t i = 0; i < page["hits"].size(); ++i) {
    const json& hit = page["hits"][i];
    EXPECT_EQ(hit["docid"], answer["hits"][i]["docid"]);
    EXPECT_EQ(hit["title"], answer["hits"][i]["title"]);
    EXPECT_EQ(hit["scripts"], 0);  // the snippet HTML carries no markup but <mark>
    ASSERT_FALSE(hit["marks"].empty()) << hit.dump();
    for (const auto& m : hit["marks"]) EXPECT_NE(m.get<std::string>().find(query), std::string::npos) << m;
  }
  // The count is shown (in Arabic digits) and the URL records the query.
  EXPECT_NE(page["status"].get<std::string>().find("النتائج"), std::string::npos) << page["status"];
  EXPECT_NE(page["location"].get<std::string>().find("q="), std::string::npos);
  // Every request the page made went to this server.
  for (const auto& url : page["resources"]) EXPECT_EQ(url.get<std::string>().rfind(base + "/", 0), 0u) << url;
  ASSERT_TRUE(std::filesystem::exists(shot));
  EXPECT_GT(std::filesystem::file_size(shot), 10000u);
  EXPECT_EQ(fahras::test::read_file(shot).substr(1, 3), "PNG");
  EXPECT_TRUE(page["spelling_hidden"].get<bool>()) << page["spelling"];
}

TEST_F(ServePage, AMisspeltQueryShowsWhatWasSearchedAndOffersWhatWasTyped) {
  ServerProcess s({"--db", db()});  // --spelling relax, the default
  ASSERT_TRUE(s.started()) << s.error();
  const std::string base = "http://127.0.0.1:" + std::to_string(s.port());
  const json page = check_page(base, kSlip, std::string(FAHRAS_BIN_DIR) + "/../serve-page-relaxed.png",
                               " --click '#spelling a.typed'");
  ASSERT_TRUE(page.contains("hits"));
  const json answer = json::parse(s.client()->Get(fahras::test::search_path(kSlip, "&limit=10"))->body);
  ASSERT_EQ(answer["did_you_mean"], kChina);
  ASSERT_EQ(answer["relaxed"], true);
  // "Showing results for الصين", with the relaxed search's hits.
  EXPECT_FALSE(page["spelling_hidden"].get<bool>());
  const std::string line = page["spelling"];
  EXPECT_NE(line.find("عرض نتائج «" + kChina + "»"), std::string::npos) << line;
  EXPECT_NE(line.find("«" + kSlip + "» كما كُتب"), std::string::npos) << line;
  ASSERT_EQ(page["hits"].size(), answer["hits"].size());
  ASSERT_FALSE(page["hits"].empty());
  EXPECT_EQ(page["hits"][0]["docid"], answer["hits"][0]["docid"]);
  // Said once, in Arabic: not repeated among the (English) notices.
  EXPECT_EQ(page["notices"].get<std::string>().find("showing results for"), std::string::npos) << page["notices"];
  // "Search instead for what was typed": spelling off, nothing matches.
  ASSERT_TRUE(page.contains("after_click")) << page.dump();
  const json& typed = page["after_click"];
  EXPECT_TRUE(typed["hits"].empty()) << typed.dump();
  EXPECT_TRUE(typed["spelling_hidden"].get<bool>()) << typed["spelling"];
  EXPECT_NE(typed["status"].get<std::string>().find(kSlip), std::string::npos) << typed["status"];
  EXPECT_NE(typed["location"].get<std::string>().find("spelling=off"), std::string::npos) << typed["location"];
}

TEST_F(ServePage, DidYouMeanIsALinkThatSearchesTheSuggestion) {
  ServerProcess s({"--db", db(), "--spelling", "suggest"});
  ASSERT_TRUE(s.started()) << s.error();
  const std::string base = "http://127.0.0.1:" + std::to_string(s.port());
  const json page = check_page(base, kSlip, std::string(FAHRAS_BIN_DIR) + "/../serve-page-suggest.png",
                               " --click '#spelling a.suggestion'");
  ASSERT_TRUE(page.contains("hits"));
  EXPECT_TRUE(page["hits"].empty()) << page.dump();
  EXPECT_FALSE(page["spelling_hidden"].get<bool>());
  EXPECT_NE(page["spelling"].get<std::string>().find("هل تقصد «" + kChina + "»؟"), std::string::npos)
      << page["spelling"];
  ASSERT_TRUE(page.contains("after_click")) << page.dump();
  const json& followed = page["after_click"];
  const json answer = json::parse(s.client()->Get(fahras::test::search_path(kChina, "&limit=10"))->body);
  ASSERT_FALSE(answer["hits"].empty());
  ASSERT_EQ(followed["hits"].size(), answer["hits"].size());
  EXPECT_EQ(followed["hits"][0]["docid"], answer["hits"][0]["docid"]);
  EXPECT_TRUE(followed["spelling_hidden"].get<bool>());
  EXPECT_NE(followed["location"].get<std::string>().find("q="), std::string::npos);
}

TEST_F(ServePage, FacetsAreClickableFilters) {
  TempDir tmp("serve-page-facets");
  const std::string corpus =
      tmp.write("news.jsonl",
                R"({"id":"n1","title":"خبر أول","text":"ارتفعت أسعار النفط اليوم.","source":"okaz","date":"2015-07-05"}
{"id":"n2","title":"خبر ثان","text":"انخفض إنتاج النفط في الشهر الماضي.","source":"sabq","date":"2015-07-20"}
{"id":"n3","title":"خبر ثالث","text":"صادرات النفط إلى آسيا في الربع الثالث.","source":"okaz","date":"2015-08-02"}
)");
  const auto r =
      run_command(bin("fahras-index") + " -q --db " + shell_quote(tmp.path("db")) + " " + shell_quote(corpus));
  ASSERT_EQ(r.status, 0) << r.err;
  ServerProcess s({"--db", tmp.path("db")});
  ASSERT_TRUE(s.started()) << s.error();
  const std::string base = "http://127.0.0.1:" + std::to_string(s.port());
  const std::string oil = "النفط";
  const json page = check_page(base, oil, std::string(FAHRAS_BIN_DIR) + "/../serve-page-facets.png",
                               " --click " + shell_quote(R"(#facets button[data-filter="source:okaz"])"));
  ASSERT_TRUE(page.contains("facets")) << page.dump();
  // The page's facets are the answer's: source and date by month.
  const json answer =
      json::parse(s.client()->Get(fahras::test::search_path(oil, "&facet=source&facet=date:month"))->body);
  ASSERT_EQ(page["facets"].size(), 2u) << page.dump();
  for (const auto& shown : page["facets"]) {
    const std::string name = shown["name"];
    const json& counted = answer["facets"][name]["values"];
    ASSERT_EQ(shown["values"].size(), counted.size()) << name;
    for (std::size_t i = 0; i < counted.size(); ++i) {
      EXPECT_EQ(shown["values"][i]["filter"],
                name.substr(0, name.find(':')) + ":" + counted[i]["value"].get<std::string>());
      EXPECT_EQ(shown["values"][i]["count"], counted[i]["count"]);
    }
  }
  // Clicking okaz filters the results, shows the filter and keeps it in the URL.
  ASSERT_TRUE(page.contains("after_click")) << page.dump();
  const json& filtered = page["after_click"];
  const json okaz = json::parse(s.client()->Get(fahras::test::search_path(oil, "&filter=source:okaz"))->body);
  ASSERT_EQ(okaz["hits"].size(), 2u);
  ASSERT_EQ(filtered["hits"].size(), 2u) << filtered.dump();
  for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(filtered["hits"][i]["docid"], okaz["hits"][i]["docid"]);
  EXPECT_EQ(filtered["filters"], json::array({"source:okaz"}));
  EXPECT_NE(filtered["location"].get<std::string>().find("filter=source%3Aokaz"), std::string::npos)
      << filtered["location"];
}

}  // namespace
