// Helpers for the searcher tests: temporary folders, small databases built
// in-process exactly as schema.h lays them out, and running the real
// binaries.
//
// Ownership: TempDir removes its folder on destruction.
// Thread safety: tests only; not for concurrent use.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/passage_record.h"
#include "fahras/schema.h"
#include "fahras/xapian_stem.h"

namespace fahras::test {

class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    static int counter = 0;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "fahras-" + tag + "-" + std::to_string(::getpid()) + "-" +
                       std::to_string(counter++);
    if (info != nullptr) name += std::string("-") + info->name();
    path_ = std::filesystem::path(::testing::TempDir()) / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path(const std::string& child = "") const {
    return child.empty() ? path_.string() : (path_ / child).string();
  }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path(name), std::ios::binary) << content;
    return path(name);
  }

 private:
  std::filesystem::path path_;
};

struct TestDoc {
  std::string id;
  std::string title;
  std::vector<std::string> passages;
};

// Writes one passage's terms as the indexer does: Z<stem> with positions and
// the exact form (wdf only) for the body; ZS<stem>/S<word> for the title.
inline void add_terms(Analyzer& analyzer, Xapian::Document& doc, const std::string& text,
                      std::string_view stem_prefix, std::string_view exact_prefix,
                      std::uint32_t first_position) {
  analyzer.analyze(
      text,
      [&](const AnalyzedToken& t) {
        doc.add_posting(std::string(stem_prefix) + std::string(t.stem), t.position);
        doc.add_term(std::string(exact_prefix) + std::string(t.norm));
      },
      first_position);
}

// A database following schema.h, for unit tests that should not depend on
// fahras-index. `analyzer_config` overrides the recorded analyzer string.
inline void build_db(const std::string& path, const std::vector<TestDoc>& docs,
                     StemmerKind kind = StemmerKind::kFahras,
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
  db.set_metadata(std::string(schema::kMetaSchema), std::to_string(schema::kSchemaVersion));
  db.commit();
}

struct CommandResult {
  int status = -1;  // exit status; -1 if killed by a signal
  std::string out;
  std::string err;
};

// Runs a shell command; stdout and stderr are captured through files.
inline CommandResult run_command(const std::string& command, const TempDir& tmp) {
  static int counter = 0;
  const std::string out = tmp.path("cmd-out-" + std::to_string(counter));
  const std::string err = tmp.path("cmd-err-" + std::to_string(counter++));
  const int raw = std::system((command + " >" + out + " 2>" + err).c_str());
  CommandResult r;
  if (raw != -1 && WIFEXITED(raw)) r.status = WEXITSTATUS(raw);
  std::ifstream o(out, std::ios::binary), e(err, std::ios::binary);
  std::stringstream so, se;
  so << o.rdbuf();
  se << e.rdbuf();
  r.out = so.str();
  r.err = se.str();
  return r;
}

// Single-quotes a string for the shell.
inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}

inline std::string bin(const std::string& name) { return std::string(FAHRAS_BIN_DIR) + "/" + name; }

inline bool have_binary(const std::string& name) { return std::filesystem::exists(bin(name)); }

inline bool have_shared() {
  return std::filesystem::exists(std::string(FAHRAS_SHARED_DIR) + "/README.md");
}

inline std::string shared(const std::string& rel) { return std::string(FAHRAS_SHARED_DIR) + "/" + rel; }

}  // namespace fahras::test
