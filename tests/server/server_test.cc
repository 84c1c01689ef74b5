// End-to-end: the real fahras-serve on 127.0.0.1 (port 0) over a database
// the real fahras-index built, driven by an HTTP client.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "server_support.h"

using fahras::test::bin;
using fahras::test::run_command;
using fahras::test::search_path;
using fahras::test::ServerProcess;
using fahras::test::shell_quote;
using fahras::test::TempDir;
using json = nlohmann::json;

namespace {

constexpr const char* kCorpus =
    R"({"id":"china","title":"زيارة رسمية","text":"وصل وزير الخارجيّة إلى الصين أمس لبحث السلام في أوكرانيا مع نظيره.","source":"test","date":"2024-05-01"}
{"id":"russia","title":"روسيا","text":"قال الكرملين إن روسيا مستعدة للتفاوض حول أوكرانيا."}
{"id":"apart","title":"الدفاع","text":"التقى وزير الدفاع بمسؤولين من الخارجية في العاصمة."}
{"id":"diacritics","title":"بيان","text":"أعلنت الحكومةُ الصِّينيّةُ دعمها لمؤتمر السلام في الصين."}
{"id":"weather","title":"طقس","text":"أمطار غزيرة على الساحل وانخفاض في درجات الحرارة."}
)";

const std::string kChina = "الصين";

// Every error is a JSON object {"error": {"status": S, "message": "..."}}.
void expect_error(const httplib::Result& r, int status, const std::string& words = "") {
  ASSERT_TRUE(r) << "no response";
  EXPECT_EQ(r->status, status) << r->body;
  EXPECT_NE(r->get_header_value("Content-Type").find("application/json"), std::string::npos);
  const json j = json::parse(r->body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r->body;
  ASSERT_TRUE(j.contains("error")) << r->body;
  EXPECT_EQ(j["error"]["status"], status) << r->body;
  EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
  if (!words.empty()) {
    EXPECT_NE(r->body.find(words), std::string::npos) << r->body;
  }
}

class Serve : public fahras::test::ServedCorpusTest {
 protected:
  const char* corpus() const override { return kCorpus; }
};

TEST_F(Serve, SearchAnswersWithTheSameObjectAsFahrasSearchJson) {
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  auto r = c->Get(search_path(kChina, "&limit=3"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json served = json::parse(r->body);
  ASSERT_EQ(served["hits"].size(), 2u);
  const auto cli = run_command(bin("fahras-search") + " --db " + shell_quote(db_) + " --format json --limit 3 " +
                               shell_quote(kChina));
  ASSERT_EQ(cli.status, 0) << cli.err;
  EXPECT_EQ(served, json::parse(cli.out));

  // POST with a JSON body gives the same answer.
  auto p = c->Post("/search", json{{"q", kChina}, {"limit", 3}}.dump(), "application/json");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->status, 200) << p->body;
  EXPECT_EQ(json::parse(p->body), served);
}

TEST_F(Serve, MisspeltQueriesGetTheSuggestionInTheSpellingModeAsked) {
  const std::string slip = "الصبن";  // ي typed as its keyboard neighbour ب
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  // Default relax: the correction is searched too, and the answer says so,
  // exactly as fahras-search's JSON.
  auto r = c->Get(search_path(slip));
  ASSERT_EQ(r->status, 200) << r->body;
  const json relaxed = json::parse(r->body);
  EXPECT_EQ(relaxed["did_you_mean"], kChina) << r->body;
  EXPECT_EQ(relaxed["relaxed"], true);
  EXPECT_FALSE(relaxed["hits"].empty());
  EXPECT_NE(r->body.find("showing results for: " + kChina), std::string::npos) << r->body;
  const auto cli =
      run_command(bin("fahras-search") + " --db " + shell_quote(db_) + " --format json " + shell_quote(slip));
  ASSERT_EQ(cli.status, 0) << cli.err;
  EXPECT_EQ(relaxed, json::parse(cli.out));

  const json suggested = json::parse(c->Get(search_path(slip, "&spelling=suggest"))->body);
  EXPECT_EQ(suggested["did_you_mean"], kChina);
  EXPECT_EQ(suggested["relaxed"], false);
  EXPECT_TRUE(suggested["hits"].empty());
  const json off = json::parse(c->Get(search_path(slip, "&spelling=off"))->body);
  EXPECT_TRUE(off["did_you_mean"].is_null()) << off.dump();
  EXPECT_TRUE(off["hits"].empty());
  auto p = c->Post("/search", json{{"q", slip}, {"spelling", "suggest"}}.dump(), "application/json");
  ASSERT_EQ(p->status, 200) << p->body;
  EXPECT_EQ(json::parse(p->body), suggested);
  expect_error(c->Get(search_path(slip, "&spelling=sometimes")), 400, "spelling");

  // The server's --spelling is the default; a request still chooses.
  ServerProcess quiet({"--db", db_, "--spelling", "off"});
  ASSERT_TRUE(quiet.started()) << quiet.error();
  auto q = quiet.client();
  EXPECT_TRUE(json::parse(q->Get(search_path(slip))->body)["did_you_mean"].is_null());
  EXPECT_EQ(json::parse(q->Get(search_path(slip, "&spelling=relax"))->body), relaxed);
}

// Typed fields (fahras-index infers keyword, date and number from the values).
constexpr const char* kNews =
    R"({"id":"n1","title":"خبر أول","text":"ارتفعت أسعار النفط اليوم.","source":"okaz","date":"2015-07-05","views":10}
{"id":"n2","title":"خبر ثان","text":"انخفض إنتاج النفط في الشهر الماضي.","source":"sabq","date":"2015-07-20","views":50}
{"id":"n3","title":"خبر ثالث","text":"صادرات النفط إلى آسيا في الربع الثالث.","source":"okaz","date":"2015-08-02","views":5}
{"id":"n4","title":"خبر رابع","text":"الاقتصاد المحلي ينمو بثبات.","source":"okaz","date":"2015-08-15","views":3}
)";

std::vector<std::string> docids(const json& answer) {
  std::vector<std::string> out;
  for (const auto& h : answer["hits"]) out.push_back(h["docid"]);
  return out;
}

TEST_F(Serve, FiltersSortRecencyAndFacetsAsFahrasSearchHasThem) {
  const std::string db = tmp_.path("news");
  index(db, tmp_.write("news.jsonl", kNews));
  ServerProcess s({"--db", db});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  const std::string oil = "النفط";
  const auto get = [&](const std::string& path) {
    auto r = c->Get(path);
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    return json::parse(r->body);
  };
  const auto cli = [&](const std::string& args) {
    const auto r = run_command(bin("fahras-search") + " --db " + shell_quote(db) + " --format json " + args);
    EXPECT_EQ(r.status, 0) << r.err;
    return json::parse(r.out);
  };
  using V = std::vector<std::string>;

  // Filters: one, two (all hold), and filters alone.
  const json okaz = get(search_path(oil, "&filter=source:okaz"));
  EXPECT_EQ(docids(okaz), (V{"n1", "n3"})) << okaz.dump();
  EXPECT_EQ(okaz, cli("--filter source:okaz " + shell_quote(oil)));
  EXPECT_EQ(docids(get(search_path(oil, "&filter=source:okaz&filter=date:2015-08"))), V{"n3"});
  const json listed = get("/search?filter=source:okaz&sort=date");
  EXPECT_EQ(docids(listed), (V{"n1", "n3", "n4"})) << listed.dump();

  // Sort by a field, both ways, as the command line does.
  const json newest = get(search_path(oil, "&sort=-date"));
  EXPECT_EQ(docids(newest), (V{"n3", "n2", "n1"}));
  EXPECT_EQ(newest, cli("--sort -date " + shell_quote(oil)));
  EXPECT_EQ(docids(get(search_path(oil, "&sort=views"))), (V{"n3", "n1", "n2"}));

  // Facets over the whole match set, whatever the page.
  const json faceted = get(search_path(oil, "&facet=source&facet=date:month&limit=1"));
  ASSERT_TRUE(faceted.contains("facets")) << faceted.dump();
  EXPECT_EQ(faceted["facets"]["source"]["values"],
            json::parse(R"([{"value":"okaz","count":2},{"value":"sabq","count":1}])"));
  EXPECT_EQ(faceted["facets"]["date:month"]["values"],
            json::parse(R"([{"value":"2015-07","count":2},{"value":"2015-08","count":1}])"));
  EXPECT_EQ(faceted, cli("--facet source --facet date:month --limit 1 " + shell_quote(oil)));
  EXPECT_EQ(get(search_path(oil, "&facet=source&facet_size=1"))["facets"]["source"]["values"].size(), 1u);
  EXPECT_FALSE(get(search_path(oil)).contains("facets"));

  // Recency: the same answer as --recency.
  EXPECT_EQ(get(search_path(oil, "&recency=10&recency_weight=30")),
            cli("--recency 10 --recency-weight 30 " + shell_quote(oil)));

  // POST: filter and facet as arrays or strings.
  auto p = c->Post(
      "/search",
      json{{"q", oil}, {"filter", {"source:okaz", "date:2015-07"}}, {"facet", "source"}, {"sort", "-date"}}.dump(),
      "application/json");
  ASSERT_EQ(p->status, 200) << p->body;
  EXPECT_EQ(json::parse(p->body),
            get(search_path(oil, "&filter=source:okaz&filter=date:2015-07&facet=source&sort=-date")));
  EXPECT_EQ(docids(json::parse(p->body)), V{"n1"});

  // Bad values: 400, naming the parameter.
  expect_error(c->Get(search_path(oil, "&filter=colour:red")), 400,
               "filter \\\"colour:red\\\": no field \\\"colour\\\"");
  expect_error(c->Get(search_path(oil, "&filter=source:(okaz%20AND%20sabq)")), 400,
               "filter \\\"source:(okaz AND sabq)\\\"");
  expect_error(c->Get(search_path(oil, "&sort=-colour")), 400, "sort: no field \\\"colour\\\"");
  expect_error(c->Get(search_path(oil, "&sort=a%20b")), 400, "sort");
  expect_error(c->Get(search_path(oil, "&facet=colour")), 400, "facet: no field");
  expect_error(c->Get(search_path(oil, "&facet=source:month")), 400, "facet source:month");
  expect_error(c->Get(search_path(oil, "&facet=source&facet_size=0")), 400, "facet_size");
  expect_error(c->Get(search_path(oil, "&recency=-1")), 400, "recency");
  expect_error(c->Get(search_path(oil, "&recency_weight=lots")), 400, "recency_weight");
  expect_error(c->Get(search_path(oil, "&sort=date&sort=views")), 400, "twice");
  expect_error(c->Get("/search?limit=3"), 400, "no query");
  expect_error(c->Post("/search", R"({"q":"x","filter":[1]})", "application/json"), 400, "filter");
  expect_error(c->Post("/search", R"({"q":"x","sort":["date"]})", "application/json"), 400, "sort");
}

TEST_F(Serve, PagesAreSlicesOfOneRankingAndTheCountIsGiven) {
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  const json all = json::parse(c->Get(search_path(kChina, "&limit=10"))->body);
  ASSERT_GE(all["hits"].size(), 2u);
  const json second = json::parse(c->Get(search_path(kChina, "&limit=1&offset=1"))->body);
  ASSERT_EQ(second["hits"].size(), 1u);
  EXPECT_EQ(second["hits"][0]["docid"], all["hits"][1]["docid"]);
  EXPECT_EQ(second["offset"], 1);
  EXPECT_EQ(second["limit"], 1);
  EXPECT_EQ(second["total"]["value"], all["total"]["value"]);
  const json none = json::parse(c->Get(search_path("كلمةغيرموجودةابدا"))->body);
  EXPECT_TRUE(none["hits"].empty());
}

// snippets=false answers the same hits, in the same order, with the same
// titles and metadata, and without the snippet keys; count=estimate answers
// the same hits; bad values are 400s naming the parameter.
TEST_F(Serve, SnippetsFalseAndCountEstimateAnswerTheSameHitsWithLessInThem) {
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  const json full = json::parse(c->Get(search_path(kChina, "&limit=10"))->body);
  ASSERT_GE(full["hits"].size(), 2u);
  const json lean = json::parse(c->Get(search_path(kChina, "&limit=10&snippets=false"))->body);
  ASSERT_EQ(lean["hits"].size(), full["hits"].size());
  for (std::size_t i = 0; i < full["hits"].size(); ++i) {
    json expected = full["hits"][i];
    for (const char* key : {"snippet", "snippet_html", "snippet_range", "highlights"}) {
      ASSERT_TRUE(expected.contains(key)) << key;
      expected.erase(key);
    }
    EXPECT_EQ(lean["hits"][i], expected);
  }
  EXPECT_EQ(lean["total"], full["total"]);

  auto p = c->Post("/search", json{{"q", kChina}, {"limit", 10}, {"snippets", false}}.dump(), "application/json");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->status, 200) << p->body;
  EXPECT_EQ(json::parse(p->body), lean);

  const json estimate = json::parse(c->Get(search_path(kChina, "&limit=10&count=estimate"))->body);
  EXPECT_EQ(estimate["hits"], full["hits"]);
  expect_error(c->Get(search_path(kChina, "&count=about")), 400, "count");
  expect_error(c->Get(search_path(kChina, "&snippets=maybe")), 400, "snippets");
}

TEST_F(Serve, EveryRefusalIsJsonWithTheRightStatus) {
  ServerProcess s({"--db", db_, "--max-limit", "50", "--max-query-bytes", "100", "--max-body-bytes", "4096"});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  expect_error(c->Get("/search"), 400, "no query");
  expect_error(c->Get(search_path(kChina, "&limit=51")), 400, "limit");
  expect_error(c->Get(search_path(kChina, "&limit=-1")), 400, "limit");
  expect_error(c->Get(search_path(kChina, "&offset=abc")), 400, "offset");
  expect_error(c->Get(search_path(kChina, "&limt=5")), 400, "unknown parameter");
  expect_error(c->Get(search_path(kChina, "&sort=colour")), 400, "sort: no field \\\"colour\\\"");
  expect_error(c->Get(search_path(kChina, "&db=nope")), 404, "nope");
  expect_error(c->Get(search_path(std::string(101, 'a'))), 400, "limit is 100");
  expect_error(c->Get(search_path("من في")), 400);  // only stop words
  expect_error(c->Post("/search", "{not json", "application/json"), 400, "JSON object");
  expect_error(c->Post("/search", R"({"q": ["x"]})", "application/json"), 400, "\\\"q\\\"");
  expect_error(c->Post("/search", std::string(5000, ' '), "application/json"), 413);
  expect_error(c->Get("/nowhere"), 404, "no such route");
  expect_error(c->Get("/../../etc/passwd"), 404);
  expect_error(c->Get("/documents/no-such-id"), 404, "no-such-id");
  expect_error(c->Get("/documents/..%2F..%2Fetc%2Fpasswd"), 404);
  expect_error(c->Post("/documents", R"({"id":"x","text":"نص"})", "application/x-ndjson"), 403, "read-only");
  expect_error(c->Delete("/documents/china"), 403);
  // The server survived all of that.
  EXPECT_EQ(c->Get("/health")->status, 200);
}

TEST_F(Serve, DocumentsReturnEveryPassageInOrderWithMetadata) {
  // A document long enough for several passages.
  std::string text;
  for (int i = 0; i < 60; ++i) text += "الفقرة رقم " + std::to_string(i) + " عن الصين والهند وروسيا واليابان. ";
  index(db_, tmp_.write("long.jsonl",
                        json{{"id", "long/one"}, {"title", "طويل"}, {"text", text}, {"source", "s"}}.dump() + "\n"));
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  auto r = s.client()->Get("/documents/long%2Fone");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json d = json::parse(r->body);
  EXPECT_EQ(d["id"], "long/one");
  EXPECT_EQ(d["title"], "طويل");
  EXPECT_EQ(d["metadata"]["source"], "s");
  ASSERT_GE(d["passages"].size(), 2u);
  EXPECT_EQ(d["passage_count"], d["passages"].size());
  std::string joined;
  for (std::size_t i = 0; i < d["passages"].size(); ++i) {
    EXPECT_EQ(d["passages"][i]["passage"], i);
    const auto range = d["passages"][i]["source_range"];
    EXPECT_EQ(text.substr(range[0].get<std::size_t>(), range[1].get<std::size_t>() - range[0].get<std::size_t>()),
              d["passages"][i]["text"].get<std::string>());
  }
}

TEST_F(Serve, HealthAndStatsDescribeTheDatabaseAndTheTraffic) {
  ServerProcess s({"--db", "news=" + db_, "--workers", "2"});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  for (int i = 0; i < 5; ++i) ASSERT_EQ(c->Get(search_path(kChina, "&db=news"))->status, 200);
  ASSERT_EQ(c->Get(search_path(kChina, "&limit=x"))->status, 400);
  const json h = json::parse(c->Get("/health")->body);
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["databases"][0]["name"], "news");
  EXPECT_EQ(h["databases"][0]["last_durable_commit"], Xapian::Database(db_).get_revision());
  const json st = json::parse(c->Get("/stats")->body);
  EXPECT_EQ(st["databases"][0]["documents"], 5);
  EXPECT_EQ(st["databases"][0]["passages"], Xapian::Database(db_).get_doccount());
  EXPECT_EQ(std::to_string(st["databases"][0]["schema_version"].get<int>()),
            Xapian::Database(db_).get_metadata("fahras.schema"));
  EXPECT_FALSE(st["databases"][0]["analyzer"].get<std::string>().empty());
  EXPECT_EQ(st["requests"]["searches"], 6);
  EXPECT_EQ(st["requests"]["searches_answered"], 5);
  EXPECT_EQ(st["requests"]["searches_refused"], 1);
  EXPECT_EQ(st["search_latency_ms"]["window"], 5);
  EXPECT_LE(st["search_latency_ms"]["p50"].get<double>(), st["search_latency_ms"]["p99"].get<double>());
  EXPECT_EQ(st["workers"], 2);
}

TEST_F(Serve, SeveralDatabasesAreChosenByName) {
  TempDir other("serve-other");
  index(other.path("db"), other.write("c.jsonl", R"({"id":"only-here","text":"القمر يدور حول الأرض"})"
                                                 "\n"));
  ServerProcess s({"--db", "news=" + db_, "--db", "sky=" + other.path("db")});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  const json moon = json::parse(c->Get(search_path("القمر", "&db=sky"))->body);
  ASSERT_EQ(moon["hits"].size(), 1u);
  EXPECT_EQ(moon["hits"][0]["docid"], "only-here");
  EXPECT_TRUE(json::parse(c->Get(search_path("القمر"))->body)["hits"].empty());  // the first is the default
  EXPECT_EQ(c->Get("/documents/only-here?db=sky")->status, 200);
}

TEST_F(Serve, WritesNeedTheTokenAndAreSearchableOnceAcknowledged) {
  ServerProcess s({"--db", db_, "--writable", "--token-file", token_file()});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  const std::string doc =
      R"({"id":"new-1","title":"خبر جديد","text":"افتتح المتحف الوطني جناحا للمخطوطات النادرة.","source":"api"})";
  expect_error(c->Post("/documents", doc, "application/x-ndjson"), 401, "Authorization");
  const httplib::Headers wrong{{"Authorization", "Bearer not-the-token-at-all!!"}};
  expect_error(c->Post("/documents", wrong, doc, "application/x-ndjson"), 401, "not the one");
  EXPECT_EQ(c->Get(search_path("المخطوطات"))->status, 200);
  EXPECT_TRUE(json::parse(c->Get(search_path("المخطوطات"))->body)["hits"].empty());

  const httplib::Headers auth{{"Authorization", "Bearer s3cret-token-for-tests-only"}};
  expect_error(c->Post("/documents", auth, R"({"id":"x"})", "application/x-ndjson"), 400, "line 1");
  expect_error(c->Post("/documents", auth, R"([{"id":"x","text":"نص"},{"text":"بلا معرف"}])", "application/json"), 400,
               "item 2");
  auto r = c->Post("/documents", auth,
                   doc + "\n" +
                       R"({"id":"new-2","text":"المخطوطات في المكتبة"})"
                       "\n",
                   "application/x-ndjson");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json ack = json::parse(r->body);
  EXPECT_EQ(ack["indexed"], 2);
  // Acknowledged means committed: another process sees it on disk now...
  EXPECT_EQ(Xapian::Database(db_).get_revision(), ack["revision"].get<Xapian::rev>());
  EXPECT_GT(Xapian::Database(db_).get_termfreq("Qnew-1"), 0u);
  // ...and the server's own next search finds it.
  const json found = json::parse(c->Get(search_path("المخطوطات"))->body);
  ASSERT_EQ(found["hits"].size(), 2u) << found.dump();
  const json health = json::parse(c->Get("/health")->body);
  EXPECT_EQ(health["databases"][0]["last_durable_commit"], ack["revision"]);

  // A JSON array body; a document sent again replaces its old passages.
  r = c->Post("/documents", auth, R"([{"id":"new-2","text":"نص بديل عن الفلك"}])", "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(c->Get(search_path("المخطوطات"))->body)["hits"].size(), 1u);

  expect_error(c->Delete("/documents/new-1"), 401);
  r = c->Delete("/documents/new-1", auth);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Xapian::Database(db_).get_termfreq("Qnew-1"), 0u);
  expect_error(c->Delete("/documents/new-1", auth), 404);
  expect_error(c->Get("/documents/new-1"), 404);
  EXPECT_EQ(s.stop(), 0) << s.error();
}

TEST_F(Serve, AWritableServerCreatesAMissingDatabase) {
  const std::string fresh = tmp_.path("fresh.db");
  ServerProcess s({"--db", fresh, "--writable", "--token-file", token_file()});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  EXPECT_TRUE(json::parse(c->Get(search_path(kChina))->body)["hits"].empty());
  const httplib::Headers auth{{"Authorization", "Bearer s3cret-token-for-tests-only"}};
  ASSERT_EQ(c->Post("/documents", auth, R"({"id":"1","text":"سافر الوفد إلى الصين"})", "application/x-ndjson")->status,
            200);
  EXPECT_EQ(json::parse(c->Get(search_path(kChina))->body)["hits"].size(), 1u);
}

TEST_F(Serve, NewCommitsByAnotherProcessAreSeenWithinTheReopenInterval) {
  ServerProcess s({"--db", db_, "--reopen-interval", "200"});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  EXPECT_TRUE(json::parse(c->Get(search_path("المخطوطات"))->body)["hits"].empty());
  index(db_, tmp_.write("more.jsonl", R"({"id":"later","text":"عرض المتحف المخطوطات"})"
                                      "\n"));
  const auto t0 = std::chrono::steady_clock::now();
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5)) {
    seen = !json::parse(c->Get(search_path("المخطوطات"))->body)["hits"].empty();
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(seen);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

TEST_F(Serve, CorsHeadersOnlyForConfiguredOrigins) {
  {
    ServerProcess s({"--db", db_});
    ASSERT_TRUE(s.started()) << s.error();
    auto r = s.client()->Get(search_path(kChina), {{"Origin", "http://a.example"}});
    EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
  }
  ServerProcess s({"--db", db_, "--cors-origin", "http://a.example"});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  auto r = c->Get(search_path(kChina), {{"Origin", "http://a.example"}});
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "http://a.example");
  r = c->Get(search_path(kChina), {{"Origin", "http://b.example"}});
  EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
  r = c->Options("/search", {{"Origin", "http://a.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(r->status, 204);
  EXPECT_NE(r->get_header_value("Access-Control-Allow-Methods").find("POST"), std::string::npos);
}

TEST_F(Serve, ThePageIsServedArabicRightToLeftWithoutOutsideRequests) {
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  auto r = s.client()->Get("/");
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(r->body.find(R"(<html lang="ar" dir="rtl">)"), std::string::npos);
  EXPECT_EQ(r->body.find("http://"), std::string::npos);
  EXPECT_EQ(r->body.find("https://"), std::string::npos);
  EXPECT_NE(r->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
}

TEST_F(Serve, SigtermFinishesInFlightRequestsAndExitsZero) {
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  std::atomic<int> ok{0}, failed{0};
  std::atomic<bool> go{true};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&] {
      auto c = s.client();
      while (go) {
        auto r = c->Get(search_path(kChina));
        if (!r) break;  // the server closed: no more requests accepted
        (r->status == 200 ? ok : failed)++;
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(s.stop(SIGTERM), 0) << s.error();
  go = false;
  for (auto& t : clients) t.join();
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(failed.load(), 0);  // every answer that came was a full one
  EXPECT_NE(s.error().find("stopped"), std::string::npos);
}

// A build-once archive (fahras-index --no-termlist) is served read-only;
// --writable is refused at start with one line, not a Xapian error.
TEST_F(Serve, WritableRefusesANoTermlistArchive) {
  const std::string archive = tmp_.path("archive.db");
  const auto r = run_command(bin("fahras-index") + " -q --no-termlist --db " + shell_quote(archive) + " " +
                             shell_quote(tmp_.write("archive.jsonl", kCorpus)));
  ASSERT_EQ(r.status, 0) << r.err;
  ServerProcess writable({"--db", archive, "--writable", "--token-file", token_file()});
  EXPECT_FALSE(writable.started());
  EXPECT_EQ(writable.exit_status(), 1);
  EXPECT_NE(writable.error().find("--no-termlist"), std::string::npos) << writable.error();
  EXPECT_EQ(writable.error().find("termlist.glass"), std::string::npos) << writable.error();
  ServerProcess read_only({"--db", archive});
  EXPECT_TRUE(read_only.started()) << read_only.error();
}

TEST_F(Serve, BadStartsExitOneWithOneLine) {
  ServerProcess missing({"--db", tmp_.path("no-such.db")});
  EXPECT_FALSE(missing.started());
  EXPECT_EQ(missing.exit_status(), 1);
  EXPECT_NE(missing.error().find("no-such.db"), std::string::npos) << missing.error();
  const std::string loose = tmp_.write("loose-token", "short\n");
  ServerProcess weak({"--db", db_, "--writable", "--token-file", loose});
  EXPECT_EQ(weak.exit_status(), 1);
  EXPECT_NE(weak.error().find("16 characters"), std::string::npos) << weak.error();
  auto r = run_command(bin("fahras-serve") + " --db " + shell_quote(db_) + " --writable");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--token-file"), std::string::npos) << r.err;
  r = run_command(bin("fahras-serve") + " --db " + shell_quote(db_) + " --listen 127.0.0.1:99999");
  EXPECT_EQ(r.status, 2);
  ServerProcess first({"--db", db_});
  ASSERT_TRUE(first.started());
  r = run_command(bin("fahras-serve") + " --db " + shell_quote(db_) +
                  " --listen 127.0.0.1:" + std::to_string(first.port()));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("cannot listen"), std::string::npos) << r.err;
}

// A keep-alive connection stays open while no other connection waits for a
// connection thread (up to --keep-alive-max requests); once one waits, the
// next answer after --keep-alive-requests says "Connection: close", so the
// waiting connection gets the thread. Both counts are checked at start-up.
TEST_F(Serve, AKeepAliveConnectionIsClosedAfterItsRequestsOnlyWhileAnotherWaits) {
  ServerProcess s({"--db", db_, "--http-threads", "1", "--keep-alive-requests", "2"});
  ASSERT_TRUE(s.started()) << s.error();
  auto a = s.client();
  a->set_keep_alive(true);
  for (int i = 0; i < 4; ++i) {  // nobody waits: past 2 requests, still open
    auto r = a->Get("/health");
    ASSERT_TRUE(r);
    EXPECT_NE(r->get_header_value("Connection"), "close") << "request " << i + 1;
    EXPECT_EQ(r->get_header_value("Keep-Alive"), "timeout=2, max=1000");
  }
  // A second connection now waits for the only connection thread.
  std::atomic<int> waiting_status{0};
  std::thread b([&] {
    auto c = s.client();
    auto r = c->Get("/health");
    waiting_status = r ? r->status : -1;
  });
  bool closed = false;
  for (int i = 0; i < 100 && !closed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto r = a->Get("/health");
    ASSERT_TRUE(r);
    closed = r->get_header_value("Connection") == "close";
    if (closed) {
      EXPECT_TRUE(r->get_header_value("Keep-Alive").empty());
    }
  }
  EXPECT_TRUE(closed) << "the busy connection was never asked to close";
  b.join();  // served once the first connection let its thread go
  EXPECT_EQ(waiting_status.load(), 200);

  ServerProcess capped({"--db", db_, "--keep-alive-requests", "1", "--keep-alive-max", "3"});
  ASSERT_TRUE(capped.started()) << capped.error();
  auto c = capped.client();
  c->set_keep_alive(true);
  std::vector<std::string> connection;
  for (int i = 0; i < 4; ++i) {
    auto r = c->Get("/health");
    ASSERT_TRUE(r);
    connection.push_back(r->get_header_value("Connection"));
  }
  EXPECT_EQ(connection, (std::vector<std::string>{"", "", "close", ""}));  // the 4th on a new connection

  for (const char* bad : {"--keep-alive-requests 0", "--keep-alive-max 0", "--keep-alive-max 4"}) {
    const auto r = run_command(bin("fahras-serve") + " --db " + shell_quote(db_) + " " + bad);
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_NE(r.err.find("--keep-alive-"), std::string::npos) << r.err;
  }
}

// While the server cannot accept (stopped here; busy under load), new
// connections wait in the kernel's listen queue. With cpp-httplib's backlog
// of 5 the kernel dropped the rest of a burst, and their clients waited 1 s
// or 3 s to try again (p99 over 1 s at 64 connections, docs/serving.md).
TEST_F(Serve, ABurstOfConnectionsWaitsInTheListenQueueInsteadOfBeingDropped) {
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  constexpr int kBurst = 64;
  s.signal(SIGSTOP);
  // On every way out, an early ASSERT too: the sockets closed, the server running.
  struct Burst {
    const ServerProcess& server;
    std::vector<int> fds;
    ~Burst() {
      for (const int fd : fds) ::close(fd);
      server.signal(SIGCONT);
    }
  } burst{s, {}};
  std::vector<int>& socks = burst.fds;
  for (int i = 0; i < kBurst; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ASSERT_GE(fd, 0);
    socks.push_back(fd);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(s.port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr));
    ASSERT_TRUE(rc == 0 || errno == EINPROGRESS) << std::strerror(errno);
  }
  // A dropped SYN is sent again after 1 s: half a second tells them apart.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  int connected = 0;
  for (const int fd : socks) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLOUT, 0};
    int err = -1;
    socklen_t len = sizeof(err);
    if (::poll(&p, 1, static_cast<int>(std::max<long long>(0, left.count()))) == 1 &&
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
      ++connected;
  }
  s.signal(SIGCONT);
  EXPECT_EQ(connected, kBurst) << "connections completed while the server could not accept";
  // And each is answered once the server runs again.
  const std::string request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  int answered = 0;
  for (const int fd : socks) {
    pollfd out{fd, POLLOUT, 0};
    if (::poll(&out, 1, 5000) == 1 &&
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
      std::string got;
      char buf[4096];
      for (;;) {
        pollfd in{fd, POLLIN, 0};
        if (::poll(&in, 1, 10000) != 1) break;
        const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
        if (n <= 0) break;
        got.append(buf, static_cast<std::size_t>(n));
      }
      if (got.rfind("HTTP/1.1 200", 0) == 0) ++answered;
    }
  }
  EXPECT_EQ(answered, kBurst);
}

// diacritics=enforce keeps only passages carrying the marks typed, as
// fahras-search --diacritics enforce; a bad value is a 400 naming it.
TEST_F(Serve, DiacriticsEnforceKeepsOnlyPassagesWithTheMarksTyped) {
  const std::string shadda = "الخارجيّة";  // with shadda on ي: only "china" writes it so
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  auto ids = [&](const std::string& extra) {
    std::vector<std::string> out;
    auto r = c->Get(search_path(shadda, "&spelling=off" + extra));
    EXPECT_TRUE(r);
    if (!r) return out;
    EXPECT_EQ(r->status, 200) << r->body;
    const json answer = json::parse(r->body);  // kept alive while its hits are read
    for (const auto& h : answer.at("hits")) out.push_back(h.at("docid").get<std::string>());
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(ids(""), (std::vector<std::string>{"apart", "china"}));
  EXPECT_EQ(ids("&diacritics=ignore"), (std::vector<std::string>{"apart", "china"}));
  EXPECT_EQ(ids("&diacritics=enforce"), (std::vector<std::string>{"china"}));
  const auto cli = run_command(bin("fahras-search") + " --db " + shell_quote(db_) +
                               " --spelling off --diacritics enforce --format json " + shell_quote(shadda));
  ASSERT_EQ(cli.status, 0) << cli.err;
  auto r = c->Get(search_path(shadda, "&spelling=off&diacritics=enforce"));
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body), json::parse(cli.out));
  expect_error(c->Get(search_path(shadda, "&diacritics=strict")), 400, "diacritics");
}

// fahras-serve takes fahras-search's --synonyms and --variants: a synonyms
// file adds its groups to every search; a bad one fails the start with its
// line, and a bad --variants value is a usage error.
TEST_F(Serve, ASynonymsFileAddsItsGroupsToEverySearch) {
  const std::string beijing = "بكين";
  const std::string file = tmp_.write("syn.txt", "# capitals\nبكين الصين\n");
  auto hits = [&](ServerProcess& s) {
    auto r = s.client()->Get(search_path(beijing, "&spelling=off"));
    EXPECT_TRUE(r);
    if (!r) return std::size_t{0};
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body)["hits"].size();
  };
  {
    ServerProcess plain({"--db", db_});
    ASSERT_TRUE(plain.started()) << plain.error();
    EXPECT_EQ(hits(plain), 0u);
  }
  ServerProcess with({"--db", db_, "--synonyms", file, "--variants", "off"});
  ASSERT_TRUE(with.started()) << with.error();
  EXPECT_EQ(hits(with), 2u);

  const std::string bad = tmp_.write("bad.txt", "بكين الصين\nوحيدة\n");
  ServerProcess refused({"--db", db_, "--synonyms", bad});
  EXPECT_FALSE(refused.started());
  EXPECT_EQ(refused.exit_status(), 1);
  EXPECT_NE(refused.error().find(bad + ":2:"), std::string::npos) << refused.error();
  const auto r = run_command(bin("fahras-serve") + " --db " + shell_quote(db_) + " --variants maybe");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--variants"), std::string::npos) << r.err;
}

// Load beyond the workers and the queue is refused at once with 503 and
// Retry-After, and a search over the time limit is answered 503; the
// server keeps answering afterwards. Needs a corpus large enough for a
// search to take milliseconds.
TEST_F(Serve, OverloadAndSlowSearchesAre503WithRetryAfter) {
  TempDir big("serve-big");
  const std::string lines = fahras::test::news_lines(big, "articles-00.jsonl", "news.jsonl", 0, 600);
  if (lines.empty()) GTEST_SKIP() << "needs " << FAHRAS_SHARED_DIR << "/corpus/saudinewsnet";
  index(big.path("db"), lines);
  const std::string heavy = search_path("السعودية الرياض المملكة", "&limit=1000&all_passages=true");
  {
    ServerProcess s({"--db", big.path("db"), "--workers", "1", "--queue", "0", "--http-threads", "16"});
    ASSERT_TRUE(s.started()) << s.error();
    std::atomic<int> ok{0}, busy{0}, other{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 8; ++t)
      clients.emplace_back([&] {
        auto c = s.client();
        for (int i = 0; i < 2; ++i) {
          auto r = c->Get(heavy);
          if (r && r->status == 200) {
            ++ok;
          } else if (r && r->status == 503 && r->has_header("Retry-After") &&
                     r->body.find("busy") != std::string::npos) {
            ++busy;
          } else {
            ++other;
          }
        }
      });
    for (auto& t : clients) t.join();
    EXPECT_GT(ok.load(), 0);
    EXPECT_GT(busy.load(), 0);
    EXPECT_EQ(other.load(), 0);
    const json st = json::parse(s.client()->Get("/stats")->body);
    EXPECT_EQ(st["requests"]["overloaded"], busy.load());
  }
  ServerProcess s({"--db", big.path("db"), "--time-limit", "1"});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  expect_error(c->Get(heavy), 503, "time limit");
  EXPECT_TRUE(c->Get(heavy)->has_header("Retry-After"));
}

}  // namespace

namespace {

// SIGKILL while writes stream in: after each kill the database opens at its
// last commit and holds every document that was acknowledged (counted on
// the client side), three times over.
TEST_F(Serve, SigkillLosesNoAcknowledgedDocument) {
  const std::string token = token_file();
  std::vector<std::string> acked;
  for (int round = 0; round < 3; ++round) {
    ServerProcess s({"--db", db_, "--writable", "--token-file", token, "--commit-interval", "5"});
    ASSERT_TRUE(s.started()) << s.error();
    // Everything acknowledged before this start is still there.
    for (const auto& id : acked) ASSERT_GT(Xapian::Database(db_).get_termfreq("Q" + id), 0u) << id;
    std::atomic<bool> go{true};
    std::mutex mu;
    std::vector<std::thread> writers;
    for (int t = 0; t < 3; ++t)
      writers.emplace_back([&, t] {
        auto c = s.client();
        const httplib::Headers auth{{"Authorization", "Bearer s3cret-token-for-tests-only"}};
        for (int i = 0; go; ++i) {
          const std::string id = "k" + std::to_string(round) + "-" + std::to_string(t) + "-" + std::to_string(i);
          auto r = c->Post("/documents", auth, json{{"id", id}, {"text", "وثيقة رقم " + id + " عن الصين"}}.dump(),
                           "application/x-ndjson");
          if (!r) break;  // killed
          if (r->status == 200) {
            std::lock_guard lock(mu);
            acked.push_back(id);
          }
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    EXPECT_EQ(s.stop(SIGKILL), 128 + SIGKILL);
    go = false;
    for (auto& w : writers) w.join();
  }
  ASSERT_FALSE(acked.empty()) << "no write was acknowledged";
  const Xapian::Database after(db_);
  std::size_t missing = 0;
  for (const auto& id : acked) missing += after.get_termfreq("Q" + id) == 0 ? 1 : 0;
  EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged documents";
}

}  // namespace
