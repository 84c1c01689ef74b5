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

TEST(ServePage, TypingAQueryShowsRankedResultsWithHighlightedSnippets) {
  if (!fahras::test::have_binary("fahras-serve") || !fahras::test::have_binary("fahras-index"))
    GTEST_SKIP() << "fahras-serve or fahras-index is not built";
  if (run_command("command -v chromium && command -v python3").status != 0)
    GTEST_SKIP() << "needs chromium and python3 (scripts/install-deps installs them)";
  TempDir tmp("serve-page");
  auto r = run_command(bin("fahras-index") + " -q --db " + shell_quote(tmp.path("db")) + " " +
                       shell_quote(std::string(FAHRAS_SOURCE_DIR) + "/data/sample"));
  ASSERT_EQ(r.status, 0) << r.err;
  ServerProcess s({"--db", tmp.path("db")});
  ASSERT_TRUE(s.started()) << s.error();
  const std::string base = "http://127.0.0.1:" + std::to_string(s.port());
  const std::string shot = std::string(FAHRAS_BIN_DIR) + "/../serve-page.png";
  std::filesystem::remove(shot);
  const std::string query = "الصين";
  r = run_command("python3 " + shell_quote(std::string(FAHRAS_SOURCE_DIR) + "/tests/server/page_check.py") + " " +
                  shell_quote(base) + " " + shell_quote(query) + " " + shell_quote(shot));
  ASSERT_EQ(r.status, 0) << r.err;
  const json page = json::parse(r.out);

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
  for (const auto& url : page["resources"])
    EXPECT_EQ(url.get<std::string>().rfind(base + "/", 0), 0u) << url;
  ASSERT_TRUE(std::filesystem::exists(shot));
  EXPECT_GT(std::filesystem::file_size(shot), 10000u);
  EXPECT_EQ(fahras::test::read_file(shot).substr(1, 3), "PNG");
}

}  // namespace
