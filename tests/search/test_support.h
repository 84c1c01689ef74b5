// Helpers for the searcher tests: small databases built in-process exactly as
// schema.h lays them out, and locating the real binaries and ../shared.
// Temporary folders, shell quoting and running commands come from
// test_util.h (shared by all tests).
//
// Ownership: build_db writes only the database path it is given.
// Thread safety: tests only; not for concurrent use.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/passage_record.h"
#include "fahras/schema.h"
#include "fahras/xapian_stem.h"
#include "test_util.h"

namespace fahras::test {

struct TestDoc {
  std::string id;
  std::string title;
  std::vector<std::string> passages;
};

// Writes one passage's terms as the indexer does: Z<stem> with positions and
// the exact form (wdf only) for the body; ZS<stem>/S<word> for the title.
inline void add_terms(Analyzer& analyzer, Xapian::Document& doc, const std::string& text, std::string_view stem_prefix,
                      std::string_view exact_prefix, std::uint32_t first_position) {
  analyzer.analyze(
      text,
      [&](const AnalyzedToken& t) {
        doc.add_posting(std::string(stem_prefix) + std::string(t.stem), t.position);
        doc.add_term(std::string(exact_prefix) + std::string(t.norm));
      },
      first_position);
}

// A database following schema.h's version 2, for unit tests that should not
// depend on fahras-index. `analyzer_config` overrides the recorded analyzer string.
inline void build_db(const std::string& path, const std::vector<TestDoc>& docs, StemmerKind kind = StemmerKind::kFahras,
                     const std::string& analyzer_config = "") {
  std::unique_ptr<SnowballWordStemmer> snowball;
  if (kind == StemmerKind::kSnowball) snowball = std::make_unique<SnowballWordStemmer>();
  Analyzer analyzer(kind, snowball.get());
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
  for (const auto& d : docs) {
    for (std::size_t i = 0; i < d.passages.size(); ++i) {
      Xapian::Document doc;
      add_terms(analyzer, doc, d.title, schema::kTitleStemPrefix, schema::kTitlePrefix, 0);
      add_terms(analyzer, doc, d.passages[i], schema::kStemPrefix, schema::kExactPrefix, 1000);
      doc.add_boolean_term(std::string(schema::kDocIdPrefix) + d.id);
      doc.add_value(schema::kSlotDocId, d.id);
      doc.add_value(schema::kSlotPassageNo, Xapian::sortable_serialise(static_cast<double>(i)));
      PassageRecord r;
      r.doc_id = d.id;
      r.passage_no = static_cast<std::uint32_t>(i);
      r.passage_count = static_cast<std::uint32_t>(d.passages.size());
      r.title = d.title;
      r.text = d.passages[i];
      doc.set_data(encode_passage_record(r));
      db.add_document(doc);
    }
  }
  db.set_metadata(std::string(schema::kMetaAnalyzer),
                  analyzer_config.empty() ? analyzer.config_string() : analyzer_config);
  db.set_metadata(std::string(schema::kMetaStemmer), std::string(to_string(kind)));
  // Schema 2's layout (the title's ZS/S terms on every passage, no title
  // wdf), which the searcher still reads: unit tests of the old path.
  db.set_metadata(std::string(schema::kMetaSchema), std::to_string(schema::kSchemaVersionTitleTerms));
  db.commit();
}

// s, n times over (long test texts).
inline std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

inline std::string bin(const std::string& name) { return std::string(FAHRAS_BIN_DIR) + "/" + name; }

inline bool have_binary(const std::string& name) { return std::filesystem::exists(bin(name)); }

inline bool have_shared() { return std::filesystem::exists(std::string(FAHRAS_SHARED_DIR) + "/README.md"); }

inline std::string shared(const std::string& rel) { return std::string(FAHRAS_SHARED_DIR) + "/" + rel; }

// Document ids of a TREC run (qid Q0 docid rank score tag), in order.
inline std::vector<std::string> trec_ids(const std::string& run) {
  std::vector<std::string> ids;
  std::istringstream in(run);
  std::string qid, q0, id, rank, score, tag;
  while (in >> qid >> q0 >> id >> rank >> score >> tag) ids.push_back(id);
  return ids;
}

// The fixture of the command-line search tests: a temporary folder, and the
// real fahras-index and fahras-search run on databases in it. A derived
// fixture calls CliTest::SetUp() first and returns when IsSkipped().
class CliTest : public ::testing::Test {
 protected:
  explicit CliTest(const std::string& name) : tmp_(name) {}

  void SetUp() override {
    if (!have_binary("fahras-index") || !have_binary("fahras-search"))
      GTEST_SKIP() << "fahras-index or fahras-search is not built in " << FAHRAS_BIN_DIR;
  }

  // fahras-index -q --db DB ARGS; ARGS are options and inputs, already quoted.
  static CommandResult run_index(const std::string& db, const std::string& args) {
    return run_command(bin("fahras-index") + " -q --db " + shell_quote(db) + " " + args);
  }

  // fahras-search DB ARGS, without colour; ARGS already quoted.
  static CommandResult run_search(const std::string& db, const std::string& args) {
    return run_command("NO_COLOR= " + bin("fahras-search") + " " + shell_quote(db) + " " + args);
  }

  // The document ids `fahras-search DB --format trec ARGS` returns, in order.
  static std::vector<std::string> run_ids(const std::string& db, const std::string& args) {
    const CommandResult r = run_search(db, "--format trec " + args);
    EXPECT_EQ(r.status, 0) << args << ": " << r.err;
    return trec_ids(r.out);
  }

  TempDir tmp_;
};

}  // namespace fahras::test
