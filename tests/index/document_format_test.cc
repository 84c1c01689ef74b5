// The index format, pinned the way Xapian's api_termgen pins TermGenerator:
// a table of source documents (title, text, metadata) and, for each, the
// exact Xapian documents PassageDocumentBuilder makes of it: every term with
// its wdf and positions, every value slot, and the stored passage record.
// A change to the analysis, the schema or the splitter that alters what is
// written fails here, and the diff shows what changed; an intended change
// updates the table (and, if old databases can no longer be searched,
// schema::kSchemaVersion).
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "fahras/field_registry.h"
#include "fahras/index_writer.h"
#include "fahras/passage_record.h"
#include "fahras/schema.h"

namespace {

// One passage as text: terms in Xapian's (sorted) order as
// "term wdf [positions]", then the value slots, then the record's fields.
std::string describe(const Xapian::Document& d) {
  std::ostringstream out;
  for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
    out << *t << " " << t.get_wdf();
    if (t.positionlist_count() > 0) {
      out << " [";
      const char* sep = "";
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
        out << sep << *p;
        sep = ",";
      }
      out << "]";
    }
    out << "\n";
  }
  out << "value " << fahras::schema::kSlotDocId << ": " << d.get_value(fahras::schema::kSlotDocId) << "\n";
  out << "value " << fahras::schema::kSlotPassageNo << ": "
      << Xapian::sortable_unserialise(d.get_value(fahras::schema::kSlotPassageNo)) << "\n";
  out << "value " << fahras::schema::kSlotTitleStems << ": "
      << Xapian::sortable_unserialise(d.get_value(fahras::schema::kSlotTitleStems)) << "\n";
  // The title stem list, each stem's end as '|'.
  std::string stems = d.get_value(fahras::schema::kSlotTitleStemList);
  std::replace(stems.begin(), stems.end(), fahras::schema::kTitleStemEnd, '|');
  if (!stems.empty()) out << "value " << fahras::schema::kSlotTitleStemList << ": " << stems << "\n";
  const std::string metadata = d.get_value(fahras::schema::kSlotMetadata);  // passage 0 only
  if (!metadata.empty()) out << "value " << fahras::schema::kSlotMetadata << ": " << metadata << "\n";
  // Typed fields' slots (schema.h), bytes outside printable ASCII as \xHH
  // (sortable_serialise'd numbers and dates are binary).
  for (auto v = d.values_begin(); v != d.values_end(); ++v) {
    if (v.get_valueno() < fahras::schema::kSlotFieldBase) continue;
    out << "value " << v.get_valueno() << ": ";
    for (const char c : *v) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u >= 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", u);
        out << buf;
      } else {
        out << c;
      }
    }
    out << "\n";
  }
  const fahras::PassageRecord r = fahras::decode_passage_record(d.get_data());
  out << "data: " << r.doc_id << " " << r.passage_no << "/" << r.passage_count << " bytes " << r.begin << "-" << r.end
      << " title \"" << r.title << "\" text \"" << r.text << "\" metadata \"" << r.metadata_json << "\"\n";
  return out.str();
}

std::string build(const fahras::SourceDocument& doc, std::size_t passage_bytes,
                  const fahras::FieldRegistry* fields = nullptr, bool root_terms = false, bool title_in_body = false) {
  fahras::SplitterOptions split;
  if (passage_bytes != 0) split.target_bytes = passage_bytes;
  fahras::PassageDocumentBuilder builder(fahras::StemmerKind::kFahras, nullptr, split, true, root_terms, title_in_body);
  builder.set_fields(fields);
  std::vector<Xapian::Document> docs;
  builder.build(doc, docs);
  std::string out;
  for (std::size_t i = 0; i < docs.size(); ++i) out += "-- passage " + std::to_string(i) + "\n" + describe(docs[i]);
  return out;
}

struct FormatCase {
  const char* what;
  const char* id;
  const char* title;
  const char* text;
  const char* metadata;
  std::size_t passage_bytes;  // 0: the default target
  const char* expected;
};

const FormatCase kCases[] = {
#include "document_format_cases.inc"
};

TEST(DocumentFormat, EachSourceDocumentBecomesExactlyTheseTermsValuesAndRecords) {
  for (const FormatCase& c : kCases) {
    fahras::SourceDocument doc;
    doc.id = c.id;
    doc.title = c.title;
    doc.text = c.text;
    doc.metadata_json = c.metadata;
    const std::string got = build(doc, c.passage_bytes);
    // FAHRAS_PRINT_FORMAT=1 prints what is built, to review and paste into the table.
    if (std::getenv("FAHRAS_PRINT_FORMAT")) std::cerr << "==== " << c.what << "\n" << got << "====\n";
    std::string expected = c.expected;
    if (!expected.empty() && expected.front() == '\n') expected.erase(0, 1);  // the raw string's first line break
    EXPECT_EQ(got, expected) << c.what;
  }
}

// Typed fields (fields.h), inferred from a JSON Lines document's members, go
// on every passage: keyword and date terms, sort and facet values, and text
// field words; the metadata itself is stored once, in passage 0's record.
TEST(DocumentFormat, TypedFieldsGoOnEveryPassageWithTheirTermsAndValues) {
  fahras::FieldRegistry registry({}, true);
  fahras::SourceDocument doc;
  doc.id = "n1";
  doc.title = "";
  doc.text = "ارتفعت أسعار النفط اليوم في الأسواق.\n\nوانخفض إنتاج الغاز.";
  doc.metadata_json = R"({"source":"Okaz","date":"2015-07-05T23:30:00+03:00","views":12,"author":"سارة"})";
  registry.observe(doc, [](const fahras::InputWarning&) { FAIL() << "no warning expected"; });
  const std::string got = build(doc, 40, &registry);
  if (std::getenv("FAHRAS_PRINT_FORMAT")) std::cerr << "==== fields\n" << got << "====\n";
  EXPECT_EQ(registry.record(), "1,source:keyword,date:date,views:number,author:keyword");
  std::string expected =
#include "document_format_fields.inc"
      ;
  expected.erase(0, 1);  // the raw string's first line break
  EXPECT_EQ(got, expected);
}

// fahras-index --root-terms on: every body word with a root also gets
// R<root> (wdf only), the title's words joined to the first passage's body
// too (باب); particles (ان, في) get none.
TEST(DocumentFormat, WithRootTermsEachBodyWordAlsoGetsItsRoot) {
  fahras::SourceDocument doc;
  doc.id = "r1";
  doc.title = "باب";
  doc.text = "يَعْلَمُونَ أنَّ العلماءَ في المدينة";
  const std::string got = build(doc, 0, nullptr, true);
  if (std::getenv("FAHRAS_PRINT_FORMAT")) std::cerr << "==== roots\n" << got << "====\n";
  EXPECT_EQ(got, R"(-- passage 0
Qr1 0
Rبوب 1
Rدون 1
Rعلم 2
Sباب 1
ZSباب 1 [1]
Zان 1 [2]
Zباب 1 [105]
Zعالم 1 [3]
Zعلم 1 [1]
Zفي 1 [4]
Zمدين 1 [5]
العلماء 1
المدينه 1
ان 1
باب 1
في 1
يعلمون 1
value 0: r1
value 1: 0
value 2: 1
value 4: m
data: r1 0/1 bytes 0-68 title "باب" text "يَعْلَمُونَ أنَّ العلماءَ في المدينة" metadata ""
)");
}

// fahras-index --title-in-body on (schema 3): each title word adds
// schema::kTitleWdf (3) to its body stem's and exact form's wdf in every passage, without
// positions; the title's ZS/S terms are on the first passage only (title:);
// value slot 3 lists the title's stems, one per title word (here '|' ends
// each). The first passage also has the title joined to its body as on
// schema 2 (وصول at 104 and 105), which the extra wdf adds to.
TEST(DocumentFormat, WithTheTitleInTheBodyEveryPassageWeighsTheTitleWords) {
  fahras::SourceDocument doc;
  doc.id = "b1";
  doc.title = "وصول وصول الرئيس";
  doc.text = "وصل الرئيس الصيني إلى الرياض.\n\nثم غادر إلى جدة.";
  const std::string got = build(doc, 40, nullptr, false, true);
  if (std::getenv("FAHRAS_PRINT_FORMAT")) std::cerr << "==== title in body\n" << got << "====\n";
  EXPECT_EQ(got, R"(-- passage 0
Qb1 0
Sالرءيس 1
Sوصول 2
ZSرءيس 1 [3]
ZSوصول 2 [1,2]
Zالي 1 [4]
Zرءيس 4 [2]
Zصيني 1 [3]
Zوصل 1 [1]
Zوصول 8 [104,105]
الرءيس 4
الصيني 1
الي 1
وصل 1
وصول 8
value 0: b1
value 1: 0
value 2: 2
value 3: رءيس|وصول|وصول|
value 4: m
data: b1 0/3 bytes 0-39 title "وصول وصول الرئيس" text "وصل الرئيس الصيني إلى" metadata ""
-- passage 1
Qb1 0
Zرءيس 3
Zرياض 1 [1]
Zوصول 6
الرءيس 3
الرياض 1
وصول 6
value 0: b1
value 1: 1
value 2: 2
value 3: رءيس|وصول|وصول|
data: b1 1/3 bytes 40-53 title "وصول وصول الرئيس" text "الرياض." metadata ""
-- passage 2
Qb1 0
Zالي 1 [3]
Zثم 1 [1]
Zجد 1 [4]
Zرءيس 3
Zغادر 1 [2]
Zوصول 6
الرءيس 3
الي 1
ثم 1
جده 1
غادر 1
وصول 6
value 0: b1
value 1: 2
value 2: 2
value 3: رءيس|وصول|وصول|
data: b1 2/3 bytes 55-83 title "وصول وصول الرئيس" text "ثم غادر إلى جدة." metadata ""
)");
}

}  // namespace
