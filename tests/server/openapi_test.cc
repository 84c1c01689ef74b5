// docs/openapi.json against the real fahras-serve: every answer the test
// provokes (successes and errors) must be declared for its route, method
// and status, and must match the declared schema (types, required and
// unknown keys, enums, minimums, items, $ref), so the description cannot
// drift from the server.
#include <set>
#include <string>

#include <gtest/gtest.h>
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

class Validator {
 public:
  explicit Validator(const json& spec) : spec_(spec) {}

  // Problems of `v` against `schema`, each "at PATH: what"; empty when valid.
  std::vector<std::string> check(const json& v, const json& schema, const std::string& at = "$") const {
    std::vector<std::string> out;
    run(v, schema, at, out);
    return out;
  }

 private:
  static bool is_type(const json& v, const std::string& t) {
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "integer") return v.is_number_integer();
    if (t == "number") return v.is_number();
    if (t == "boolean") return v.is_boolean();
    if (t == "null") return v.is_null();
    return false;
  }
  void run(const json& v, const json& s, const std::string& at, std::vector<std::string>& out) const {
    if (s.contains("$ref")) {
      const std::string ref = s["$ref"];
      const std::string prefix = "#/components/schemas/";
      ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
      run(v, spec_["components"]["schemas"].at(ref.substr(prefix.size())), at, out);
      return;
    }
    if (s.contains("type")) {
      bool ok = false;
      if (s["type"].is_array()) {
        for (const auto& t : s["type"]) ok = ok || is_type(v, t);
      } else {
        ok = is_type(v, s["type"]);
      }
      if (!ok) {
        out.push_back("at " + at + ": " + v.dump() + " is not " + s["type"].dump());
        return;
      }
    }
    if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
      out.push_back("at " + at + ": " + v.dump() + " is not one of " + s["enum"].dump());
    if (s.contains("minimum") && v.is_number() && v.get<double>() < s["minimum"].get<double>())
      out.push_back("at " + at + ": " + v.dump() + " is below " + s["minimum"].dump());
    if (v.is_object()) {
      for (const auto& r : s.value("required", json::array()))
        if (!v.contains(r.get<std::string>())) out.push_back("at " + at + ": missing \"" + r.get<std::string>() + "\"");
      const json props = s.value("properties", json::object());
      for (const auto& [key, value] : v.items()) {
        if (props.contains(key)) {
          run(value, props[key], at + "." + key, out);
        } else if (s.contains("additionalProperties") && s["additionalProperties"] == false) {
          out.push_back("at " + at + ": \"" + key + "\" is not in the description");
        } else if (s.contains("additionalProperties") && s["additionalProperties"].is_object()) {
          run(value, s["additionalProperties"], at + "." + key, out);
        }
      }
    }
    if (v.is_array() && s.contains("items")) {
      if (s.contains("minItems") && v.size() < s["minItems"].get<std::size_t>())
        out.push_back("at " + at + ": fewer than " + s["minItems"].dump() + " items");
      if (s.contains("maxItems") && v.size() > s["maxItems"].get<std::size_t>())
        out.push_back("at " + at + ": more than " + s["maxItems"].dump() + " items");
      for (std::size_t i = 0; i < v.size(); ++i) run(v[i], s["items"], at + "[" + std::to_string(i) + "]", out);
    }
  }
  const json& spec_;
};

class OpenApi : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fahras::test::have_binary("fahras-serve") || !fahras::test::have_binary("fahras-index"))
      GTEST_SKIP() << "fahras-serve or fahras-index is not built";
    spec_ = json::parse(fahras::test::read_file(std::string(FAHRAS_SOURCE_DIR) + "/docs/openapi.json"));
  }

  // Checks one real answer against the description of (route, method).
  void expect_described(const std::string& route, const std::string& method, const httplib::Result& r) {
    ASSERT_TRUE(r) << method << ' ' << route << ": no answer";
    const std::string status = std::to_string(r->status);
    seen_.insert(method + " " + route + " " + status);
    ASSERT_TRUE(spec_["paths"].contains(route)) << route << " is not in docs/openapi.json";
    ASSERT_TRUE(spec_["paths"][route].contains(method)) << method << ' ' << route << " is not described";
    const json& responses = spec_["paths"][route][method]["responses"];
    ASSERT_TRUE(responses.contains(status))
        << method << ' ' << route << " answered " << status << ", which is not described: " << r->body;
    const json& content = responses[status]["content"];
    const std::string type = r->get_header_value("Content-Type");
    const std::string media = type.substr(0, type.find(';'));
    ASSERT_TRUE(content.contains(media)) << method << ' ' << route << ' ' << status << " answered " << media;
    if (media != "application/json") return;
    const auto problems = Validator(spec_).check(json::parse(r->body), content[media]["schema"]);
    for (const auto& p : problems) ADD_FAILURE() << method << ' ' << route << ' ' << status << ' ' << p;
  }

  json spec_;
  std::set<std::string> seen_;
};

TEST_F(OpenApi, RealAnswersMatchTheDescription) {
  TempDir tmp("openapi");
  const std::string corpus = tmp.write(
      "c.jsonl",
      R"({"id":"a","title":"الصين","text":"وصل الوفد إلى الصين لبحث التجارة مع الصين والهند.","date":"2024-01-02"})"
      "\n"
      R"({"id":"b","text":"التجارة بين الهند وروسيا"})"
      "\n");
  auto r = run_command(bin("fahras-index") + " -q --db " + shell_quote(tmp.path("db")) + " " + shell_quote(corpus));
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string token = tmp.write("token", "a-token-of-enough-length\n");
  ServerProcess s({"--db", tmp.path("db"), "--writable", "--token-file", token, "--max-body-bytes", "2048"});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  const httplib::Headers auth{{"Authorization", "Bearer a-token-of-enough-length"}};

  expect_described("/search", "get", c->Get(search_path("التجارة")));
  expect_described("/search", "get",
                   c->Get(search_path("التجارة", "&all_passages=true&passage_text=true&limit=1&offset=1")));
  expect_described("/search", "get", c->Get(search_path("كلمةغائبة")));
  expect_described("/search", "get", c->Get(search_path("التجارة", "&snippets=false&count=estimate")));
  // A slip of الصين: did_you_mean and relaxed set, and the notice.
  expect_described("/search", "get", c->Get(search_path("الصبن")));
  expect_described("/search", "get", c->Get(search_path("الصبن", "&spelling=suggest")));
  expect_described("/search", "get", c->Get(search_path("الصبن", "&spelling=never")));
  // Typed fields (date is inferred from document a's value).
  expect_described("/search", "get",
                   c->Get(search_path("التجارة", "&facet=date:year&facet=date&sort=-date&recency=30")));
  expect_described("/search", "get", c->Get("/search?filter=date:2024"));
  expect_described("/search", "get", c->Get(search_path("التجارة", "&filter=colour:red")));
  expect_described("/search", "post",
                   c->Post("/search", R"({"q":"التجارة","facet":["date"],"filter":"date:2024","facet_size":3})",
                           "application/json"));
  expect_described("/search", "get", c->Get(search_path("التجارة", "&limit=x")));
  expect_described("/search", "get", c->Get(search_path("التجارة", "&db=nope")));
  expect_described("/search", "post", c->Post("/search", R"({"q":"الصين","limit":1})", "application/json"));
  expect_described("/search", "post", c->Post("/search", R"({"q":"الصبن","spelling":"off"})", "application/json"));
  expect_described("/search", "post", c->Post("/search", "[1]", "application/json"));
  expect_described("/search", "post", c->Post("/search", std::string(70000, ' '), "application/json"));
  expect_described("/documents/{id}", "get", c->Get("/documents/a"));
  expect_described("/documents/{id}", "get", c->Get("/documents/zzz"));
  expect_described("/documents", "post",
                   c->Post("/documents", auth, R"({"id":"n","text":"نص جديد"})", "application/x-ndjson"));
  expect_described("/documents", "post",
                   c->Post("/documents", auth, R"([{"id":"m","text":"نص"}])", "application/json"));
  expect_described("/documents", "post", c->Post("/documents", auth, R"({"id":"n"})", "application/x-ndjson"));
  expect_described("/documents", "post", c->Post("/documents", R"({"id":"n","text":"نص"})", "application/x-ndjson"));
  expect_described("/documents", "post", c->Post("/documents", auth, std::string(4096, ' '), "application/x-ndjson"));
  expect_described("/documents/{id}", "delete", c->Delete("/documents/n", auth));
  expect_described("/documents/{id}", "delete", c->Delete("/documents/n", auth));
  expect_described("/documents/{id}", "delete", c->Delete("/documents/m"));
  expect_described("/health", "get", c->Get("/health"));
  expect_described("/stats", "get", c->Get("/stats"));
  expect_described("/", "get", c->Get("/"));

  // Every described route and method was exercised.
  for (const auto& [route, methods] : spec_["paths"].items())
    for (const auto& [method, op] : methods.items()) {
      bool hit = false;
      for (const auto& seen : seen_) hit = hit || seen.rfind(method + " " + route + " ", 0) == 0;
      EXPECT_TRUE(hit) << method << ' ' << route << " is described but not checked here";
    }
}

// The parameters the server knows (listed in its answer to an unknown
// one) are exactly those described, for GET and for the POST body.
TEST_F(OpenApi, EverySearchParameterIsDescribed) {
  TempDir tmp("openapi-params");
  const std::string corpus = tmp.write("c.jsonl", R"({"id":"a","text":"نص"})"
                                                  "\n");
  auto r = run_command(bin("fahras-index") + " -q --db " + shell_quote(tmp.path("db")) + " " + shell_quote(corpus));
  ASSERT_EQ(r.status, 0) << r.err;
  ServerProcess s({"--db", tmp.path("db")});
  ASSERT_TRUE(s.started()) << s.error();
  const auto answer = s.client()->Get("/search?q=x&no_such_parameter=1");
  ASSERT_TRUE(answer);
  const std::string message = json::parse(answer->body)["error"]["message"];
  const auto open = message.find("(known: ");
  ASSERT_NE(open, std::string::npos) << message;
  std::set<std::string> known;
  std::string list = message.substr(open + 8, message.rfind(')') - open - 8);
  for (std::size_t at = 0; at <= list.size();) {
    std::size_t comma = list.find(", ", at);
    if (comma == std::string::npos) comma = list.size();
    known.insert(list.substr(at, comma - at));
    at = comma + 2;
  }
  std::set<std::string> get, body;
  for (const auto& p : spec_["paths"]["/search"]["get"]["parameters"]) get.insert(p["name"]);
  for (const auto& [key, value] : spec_["components"]["schemas"]["SearchBody"]["properties"].items()) body.insert(key);
  EXPECT_EQ(known, get);
  EXPECT_EQ(known, body);
}

TEST_F(OpenApi, TheValidatorRejectsWhatTheDescriptionForbids) {
  const Validator v(spec_);
  const json& error = spec_["components"]["schemas"]["Error"];
  EXPECT_TRUE(v.check(json::parse(R"({"error":{"status":400,"message":"x"}})"), error).empty());
  EXPECT_FALSE(v.check(json::parse(R"({"error":{"status":"400","message":"x"}})"), error).empty());
  EXPECT_FALSE(v.check(json::parse(R"({"error":{"status":400}})"), error).empty());
  EXPECT_FALSE(v.check(json::parse(R"({"error":{"status":400,"message":"x"},"extra":1})"), error).empty());
  EXPECT_FALSE(v.check(json::parse(R"({"status":"down","uptime_seconds":1,"databases":[]})"),
                       spec_["components"]["schemas"]["Health"])
                   .empty());
  // Facet entries are checked through additionalProperties.
  const json& answer = spec_["components"]["schemas"]["Answer"];
  const json good =
      json::parse(R"({"query":{"text":"x","understood":"x"},"total":{"value":0,"exact":true,"unit":"documents"},
    "offset":0,"limit":10,"hits":[],"ignored_words":[],"did_you_mean":null,"relaxed":false,"notices":[],
    "partial":false,"missing_shards":[],"facets":{"source":{"counts":"documents","distinct":0,"with_value":0,"values":[]}}})");
  EXPECT_TRUE(v.check(good, answer).empty());
  json bad = good;
  bad["facets"]["source"]["values"] = json::parse(R"([{"value":"okaz","count":"2"}])");
  EXPECT_FALSE(v.check(bad, answer).empty());
}

}  // namespace
