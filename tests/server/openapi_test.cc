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
    ASSERT_TRUE(responses.contains(status)) << method << ' ' << route << " answered " << status
                                            << ", which is not described: " << r->body;
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
      R"({"id":"a","title":"الصين","text":"وصل الوفد إلى الصين لبحث التجارة مع الصين والهند.","date":"2024-01-02"})" "\n"
      R"({"id":"b","text":"التجارة بين الهند وروسيا"})" "\n");
  auto r = run_command(bin("fahras-index") + " -q --db " + shell_quote(tmp.path("db")) + " " + shell_quote(corpus));
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string token = tmp.write("token", "a-token-of-enough-length\n");
  ServerProcess s({"--db", tmp.path("db"), "--writable", "--token-file", token, "--max-body-bytes", "2048"});
  ASSERT_TRUE(s.started()) << s.error();
  auto c = s.client();
  const httplib::Headers auth{{"Authorization", "Bearer a-token-of-enough-length"}};

  expect_described("/search", "get", c->Get(search_path("التجارة")));
  expect_described("/search", "get", c->Get(search_path("التجارة", "&all_passages=true&passage_text=true&limit=1&offset=1")));
  expect_described("/search", "get", c->Get(search_path("كلمةغائبة")));
  // A slip of الصين: did_you_mean and relaxed set, and the notice.
  expect_described("/search", "get", c->Get(search_path("الصبن")));
  expect_described("/search", "get", c->Get(search_path("الصبن", "&spelling=suggest")));
  expect_described("/search", "get", c->Get(search_path("الصبن", "&spelling=never")));
  expect_described("/search", "get", c->Get(search_path("التجارة", "&limit=x")));
  expect_described("/search", "get", c->Get(search_path("التجارة", "&db=nope")));
  expect_described("/search", "post", c->Post("/search", R"({"q":"الصين","limit":1})", "application/json"));
  expect_described("/search", "post", c->Post("/search", R"({"q":"الصبن","spelling":"off"})", "application/json"));
  expect_described("/search", "post", c->Post("/search", "[1]", "application/json"));
  expect_described("/search", "post", c->Post("/search", std::string(70000, ' '), "application/json"));
  expect_described("/documents/{id}", "get", c->Get("/documents/a"));
  expect_described("/documents/{id}", "get", c->Get("/documents/zzz"));
  expect_described("/documents", "post", c->Post("/documents", auth, R"({"id":"n","text":"نص جديد"})", "application/x-ndjson"));
  expect_described("/documents", "post", c->Post("/documents", auth, R"([{"id":"m","text":"نص"}])", "application/json"));
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

TEST_F(OpenApi, TheValidatorRejectsWhatTheDescriptionForbids) {
  const Validator v(spec_);
  const json& error = spec_["components"]["schemas"]["Error"];
  EXPECT_TRUE(v.check(json::parse(R"({"error":{"status":400,"message":"x"}})"), error).empty());
  EXPECT_FALSE(v.check(json::parse(R"({"error":{"status":"400","message":"x"}})"), error).empty());
  EXPECT_FALSE(v.check(json::parse(R"({"error":{"status":400}})"), error).empty());
  EXPECT_FALSE(v.check(json::parse(R"({"error":{"status":400,"message":"x"},"extra":1})"), error).empty());
  EXPECT_FALSE(v.check(json::parse(R"({"status":"down","uptime_seconds":1,"databases":[]})"),
                       spec_["components"]["schemas"]["Health"]).empty());
}

}  // namespace
