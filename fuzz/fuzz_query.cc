// fuzz_query: any bytes as a user query through fahras::QueryBuilder, against
// small in-memory databases built once per process with the indexer's own
// PassageDocumentBuilder: the default layout (the title inside the body
// words, schema 3) with each stemmer (fahras and none), and the older title
// terms layout (schema 2) that databases built before it keep.
// Invariants (query_builder.h):
//  - build() returns a query or throws QueryError (with a message); nothing
//    else escapes it;
//  - a returned query is not empty and runs: Enquire::get_mset() does not
//    throw (wildcards are limited to the most frequent terms, not refused);
//  - the ranking extras never change which passages match: `query` and
//    `matching` match the same documents;
//  - queries over QueryLimits::max_bytes are refused.
// Time is bounded by libFuzzer's -timeout (scripts/fuzz uses 10 s).
#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/index_writer.h"
#include "fahras/input_reader.h"
#include "fahras/query_builder.h"
#include "fahras/schema.h"
#include "fuzz_check.h"

namespace {

using fahras::StemmerKind;
using fahras_fuzz::hex;

// Short texts written for this fuzzer: particles, clitics, a number, a
// title, Latin words, so that stems, stop words and wildcards all expand.
const char* const kDocs[][3] = {
    {"d1", "المكتبة العامة", "افتتحت المكتبة العامة في المدينة قاعة جديدة للقراءة والكتابة، وتضم أكثر من 2025 كتاباً."},
    {"d2", "الطقس", "يتوقع المختصون أن يكون الطقس معتدلاً غداً مع رياح خفيفة على السواحل الغربية."},
    {"d3", "", "قال المدرب إن الفريق سيلعب مباراته القادمة في الملعب الكبير، وإن اللاعبين مستعدون."},
    {"d4", "Search engines", "Xapian is a search engine library; fahras indexes Arabic news with it. محركات البحث"},
    {"d5", "كتب", "كتب الطالب رسالة إلى معلمه، وكتبت أخته قصة قصيرة عن الكتاب والمكتبات والكاتبين."},
    {"d6", "مسؤول", "صرح مسئول في الوزارة بأن المسؤولين سيجتمعون لبحث الشؤون الاقتصادية والشئون الإدارية."},
};

struct Setup {
  Xapian::WritableDatabase db;
  std::unique_ptr<fahras::QueryBuilder> builder;
};

std::vector<Setup>& setups() {
  static std::vector<Setup> s;
  return s;
}

Setup make_setup(StemmerKind kind, bool title_in_body) {
  Setup s{Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY), nullptr};
  fahras::SplitterOptions splitter;
  splitter.target_bytes = 60;  // several passages per document
  fahras::PassageDocumentBuilder builder(kind, nullptr, splitter, true, false, title_in_body);
  std::vector<Xapian::Document> passages;
  for (const auto& d : kDocs) {
    fahras::SourceDocument doc;
    doc.id = d[0];
    doc.title = d[1];
    doc.text = d[2];
    doc.origin = "fuzz_query";
    builder.build(doc, passages);
    for (const auto& p : passages) s.db.add_document(p);
  }
  // The records the query builder reads the layout from, as fahras-index writes them.
  namespace schema = fahras::schema;
  s.db.set_metadata(std::string(schema::kMetaSchema),
                    std::to_string(title_in_body ? schema::kSchemaVersion : schema::kSchemaVersionTitleTerms));
  if (title_in_body) s.db.set_metadata(std::string(schema::kMetaTitleWdf), std::to_string(schema::kTitleWdf));
  s.db.commit();
  s.builder = std::make_unique<fahras::QueryBuilder>(s.db, kind);
  return s;
}

std::set<Xapian::docid> matches(Xapian::Database& db, const Xapian::Query& q) {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount() + 1);
  std::set<Xapian::docid> ids;
  for (auto it = mset.begin(); it != mset.end(); ++it) ids.insert(*it);
  return ids;
}

void check(std::string_view in, Setup& s) {
  fahras::BuiltQuery built;
  try {
    built = s.builder->build(in);
  } catch (const fahras::QueryError& e) {
    FUZZ_CHECK(std::string_view(e.what()).size() > 0, "input " + hex(in));
    return;
  } catch (const Xapian::Error& e) {
    fahras_fuzz::fail(__FILE__, __LINE__, "build() threw Xapian::Error, not QueryError",
                      "input " + hex(in) + "\n" + e.get_description());
  } catch (const std::exception& e) {
    fahras_fuzz::fail(__FILE__, __LINE__, "build() threw another exception than QueryError",
                      "input " + hex(in) + "\n" + e.what());
  }
  FUZZ_CHECK(in.size() <= s.builder->limits().max_bytes, "input " + hex(in) + "\nover max_bytes, yet built");
  FUZZ_CHECK(!built.matching.empty() && !built.query.empty(),
             "input " + hex(in) + "\nbuilt an empty query: " + built.query.get_description());
  std::set<Xapian::docid> all, matching;
  try {
    all = matches(s.db, built.query);
    matching = matches(s.db, built.matching);
  } catch (const Xapian::Error& e) {
    fahras_fuzz::fail(__FILE__, __LINE__, "running the built query threw",
                      "input " + hex(in) + "\nquery " + built.query.get_description() + "\n" + e.get_description());
  }
  // Ranking extras never lose a match. Only the nisba base term (an OR, see
  // RankingOptions::nisba_weight) may add some, and only with it on.
  const bool subset = std::includes(all.begin(), all.end(), matching.begin(), matching.end());
  const bool may_widen = s.builder->ranking().nisba_weight > 0;
  FUZZ_CHECK(subset && (may_widen || all == matching),
             "input " + hex(in) + "\nranking extras changed the matches: " + std::to_string(all.size()) + " vs " +
                 std::to_string(matching.size()) + "\nquery " + built.query.get_description());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setups().push_back(make_setup(StemmerKind::kFahras, true));
  setups().push_back(make_setup(StemmerKind::kNone, true));
  setups().push_back(make_setup(StemmerKind::kFahras, false));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  for (Setup& s : setups()) check(in, s);
  return 0;
}
