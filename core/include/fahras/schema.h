// The one place where fahras's database layout is defined: every term
// prefix, value slot and metadata key. No prefix literal appears elsewhere.
//
// Terms follow Xapian's conventions, as TermGenerator would write them with
// STEM_ALL_Z, so QueryParser (STEM_ALL_Z) produces matching query terms:
//   Z<stem>      stem of a body word, with positions (phrases, NEAR)
//   <word>       normalised unstemmed body word, wdf only (exact-form boost)
//   ZS<stem>     stem of a title word, with positions, on the document's
//                first passage only (title: searches)
//   S<word>      normalised unstemmed title word, first passage only
//   (the first passage's Z and unprefixed terms include its title's words:
//   title_joins_body; and every passage's Z and unprefixed terms carry
//   kTitleWdf extra wdf per title word: the title's weight, BM25F-style)
//   R<root>      root of a body word (root.h), wdf only, when the database
//                was built with root terms (kMetaRootTerms "on"): the
//                searcher's root operator (>>word, root:word)
//   Q<doc id>    boolean: the source document, shared by all its passages
//   X<NAME>:<v>  boolean: keyword field NAME has the (normalised) value v,
//                on every passage of the document (fields.h)
//   ZX<NAME>:<stem>, X<NAME>:<word>
//                text field NAME, like the title's ZS/S terms
// Field terms start with an upper-case X, which no normalised (case-folded)
// word and no stem can begin with.
//
// Thread safety: constants and pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <xapian.h>

namespace fahras::schema {

inline constexpr std::string_view kStemPrefix = "Z";
inline constexpr std::string_view kExactPrefix = "";
inline constexpr std::string_view kTitlePrefix = "S";
inline constexpr std::string_view kTitleStemPrefix = "ZS";
inline constexpr std::string_view kDocIdPrefix = "Q";
inline constexpr std::string_view kRootPrefix = "R";

// QueryParser field name for the title ("title:word").
inline constexpr std::string_view kTitleField = "title";
// Query fields for a word's root class (root:word, typed >>word; R terms)
// and its stem class (stem:word, typed >word). A typed field of the same
// name takes precedence.
inline constexpr std::string_view kRootField = "root";
inline constexpr std::string_view kStemField = "stem";

// Value slots.
inline constexpr Xapian::valueno kSlotDocId = 0;      // source document id (collapse key)
inline constexpr Xapian::valueno kSlotPassageNo = 1;  // sortable_serialise(passage number)
// sortable_serialise(number of distinct ZS terms in the passage): the
// second ranking stage's title share, without opening the passage's term
// list. Databases written before it lack the slot (empty value): the
// searcher then counts the term list, with the same result.
inline constexpr Xapian::valueno kSlotTitleStems = 2;
// The title's stems, one per title word (a word twice in the title, twice),
// sorted, each followed by kTitleStemEnd; on every passage of a schema 3
// database (none when the title has no words). The second stage reads the
// title's query words from it (one value stream walked in docid order), and
// tells a body occurrence from the title's extra wdf (title_stem_counts).
inline constexpr Xapian::valueno kSlotTitleStemList = 3;
inline constexpr char kTitleStemEnd = '\0';
// On passage 0 only: kMetadataMark, then the document's metadata JSON (none
// after the mark when it has none), as also kept in passage 0's record. A
// hit on a later passage shows its document's metadata; this is read from
// a value instead of passage 0's zlib-compressed record. That saved 6% of a
// keyword search's CPU (docs/performance.md). The slot is missing in a
// database written before it, or by an older fahras-index: the searcher
// then reads the record. The mark tells "no metadata" from "no slot".
inline constexpr Xapian::valueno kSlotMetadata = 4;
inline constexpr char kMetadataMark = 'm';

// What kSlotTitleStems holds, counted over a passage's term list (sorted):
// the indexer counts the document it builds, the searcher a stored
// passage's term list when the slot is missing.
inline Xapian::termcount count_title_stems(Xapian::TermIterator it, const Xapian::TermIterator& end) {
  const std::string prefix(kTitleStemPrefix);
  Xapian::termcount n = 0;
  for (it.skip_to(prefix); it != end && (*it).compare(0, prefix.size(), prefix) == 0; ++it) ++n;
  return n;
}

// Typed metadata fields (fields.h). Field number i (in the order recorded
// in kMetaFields) owns kSlotsPerField slots from kSlotFieldBase + i *
// kSlotsPerField, on every passage of a document that has the field:
//   + kFieldValueSlot   sort and range value: keyword: the value as given;
//                       date: sortable_serialise(seconds since 1970, UTC);
//                       number: sortable_serialise(the number)
//   + kFieldFacetSlot   facet key: bucket '\0' document id, so that
//                       ValueCountMatchSpy, which sees every matching
//                       passage, yields one key per matching document;
//                       bucket = keyword value, "YYYY-MM-DD" (date) or the
//                       value slot's bytes (number)
//   + kFieldDaySlot     date only: "YYYY-MM-DD" (the recency boost's map)
// Text fields have terms only. Terms, on every passage of the document:
// keyword: field_prefix + the normalised value; date: field_prefix + "Y2015",
// "M201507" and "D20150721" (fields.h: date_terms; capitals, which
// normalised keyword values never have); text: field_prefix (+ kStemPrefix
// before it for stems) + each word.
inline constexpr Xapian::valueno kSlotFieldBase = 16;
inline constexpr Xapian::valueno kSlotsPerField = 3;
inline constexpr Xapian::valueno kFieldValueSlot = 0;
inline constexpr Xapian::valueno kFieldFacetSlot = 1;
inline constexpr Xapian::valueno kFieldDaySlot = 2;
inline constexpr std::size_t kMaxFields = 256;
inline constexpr std::string_view kFieldPrefixStart = "X";
inline constexpr char kFacetKeySeparator = '\0';

inline Xapian::valueno field_slot(std::size_t field_index, Xapian::valueno which) {
  return kSlotFieldBase + static_cast<Xapian::valueno>(field_index) * kSlotsPerField + which;
}

// "X" + the name in capitals + ":" (the colon keeps field "a" value "bc"
// apart from field "ab" value "c"). Names are [a-z0-9_] (fields.h).
inline std::string field_prefix(std::string_view name) {
  std::string p(kFieldPrefixStart);
  for (const char c : name) p.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  p.push_back(':');
  return p;
}

// A term written for a field (keyword or text, stemmed or not).
inline bool is_field_term(std::string_view term) {
  if (term.substr(0, kStemPrefix.size()) == kStemPrefix) term.remove_prefix(kStemPrefix.size());
  return term.substr(0, kFieldPrefixStart.size()) == kFieldPrefixStart;
}

// Database metadata keys.
inline constexpr std::string_view kMetaAnalyzer = "fahras.analyzer";  // Analyzer::config_string()
inline constexpr std::string_view kMetaStemmer = "fahras.stemmer";    // fahras | snowball | none
inline constexpr std::string_view kMetaSchema = "fahras.schema";      // kSchemaVersion
inline constexpr std::string_view kMetaPassageTarget = "fahras.passage_target";
// "on" when body words have R<root> terms (fahras-index --root-terms on);
// "off" or absent (a database built before root terms) when not.
inline constexpr std::string_view kMetaRootTerms = "fahras.root_terms";
// RootAnalyzer::kVersion of the R<root> terms, written with them; absent on
// a database with root terms means version 1 (written before this key). A
// root search through another version's analyser would miss documents
// silently, so the indexer and the searcher refuse it.
inline constexpr std::string_view kMetaRootAnalyzer = "fahras.root_analyzer";
// The typed fields, "1,name:type,name:type..." in field-number order (fields.h).
// Absent: a database built before typed fields (searchable, no fields).
inline constexpr std::string_view kMetaFields = "fahras.fields";
// "off": built without Xapian's term list table (fahras-index --no-termlist,
// a build-once archive): Xapian cannot delete or replace a document in it,
// nor open it for writing, and Database::termlist_begin() throws. Absent
// (every other database): it has term lists.
inline constexpr std::string_view kMetaTermList = "fahras.termlist";
inline constexpr std::string_view kTermListOff = "off";

// 2: a JSON Lines title is also indexed in its first passage's body
// (title_joins_body).
// 3: the title weighs inside the body terms (kTitleWdf), its ZS/S terms are
// on the first passage only, kSlotTitleStemList on every passage.
// The indexer refuses to add to a database of another version; the searcher
// reads version 2 as before (the title bonus in the matcher, ZS lists) and
// refuses any other with a message to re-index.
inline constexpr int kSchemaVersion = 3;
inline constexpr int kSchemaVersionTitleTerms = 2;  // the last one with ZS/S terms on every passage

// The title's weight inside the body, BM25F-style: each title word adds
// kTitleWdf to the wdf of its stem term (Z<stem>) and its exact form in every
// passage of the document, without positions (no phrase, NEAR or adjacency
// reaches into the title), so a query word reads one posting list instead
// of its stem's and its title stem's. 3 measured best of 1, 2 and 3 (ARCD
// MRR@10 and Recall@100 held: docs/performance.md, "Lever 3"). Recorded in
// kMetaTitleWdf, which the searcher reads: its absence means schema 2.
inline constexpr Xapian::termcount kTitleWdf = 3;
inline constexpr std::string_view kMetaTitleWdf = "fahras.title_wdf";

// The title stem list (kSlotTitleStemList value) as stem -> number of title
// words with that stem, calling f(stem, count) for each distinct stem in
// order.
template <class F>
void for_each_title_stem(std::string_view list, F f) {
  while (!list.empty()) {
    const std::size_t end = list.find(kTitleStemEnd);
    const std::string_view stem = list.substr(0, end);
    Xapian::termcount count = 0;
    while (!list.empty() && list.substr(0, list.find(kTitleStemEnd)) == stem) {
      ++count;
      const std::size_t e = list.find(kTitleStemEnd);
      list.remove_prefix(e == std::string_view::npos ? list.size() : e + 1);
    }
    f(stem, count);
  }
}

// Plain queries must find a word that is only in a document's title, as they
// do for a text file, whose title line is part of its text: the title's
// words whose stems the passage lacks are indexed as body terms (Z<stem>
// with positions, <word>) of the document's first passage, numbered from
// kTitleBodyGap positions after its last word so that no phrase, NEAR or
// adjacency window joins text and title. Not when the passage already holds
// the title verbatim (a text file's first line, an article repeating its
// headline). Words the text has already are not added again: that doubled
// their weight and lengthened the passage, and cost MRR on KaifLematha
// (docs/searching.md). The indexer writes it; the second stage re-analyses
// stored passages by the same rule (remote shards).
inline constexpr Xapian::termpos kTitleBodyGap = 100;
inline bool title_joins_body(std::uint32_t passage_no, std::string_view title, std::string_view text) {
  return passage_no == 0 && !title.empty() && text.find(title) == std::string_view::npos;
}

// Longest accepted source document id: kDocIdPrefix + id must stay within
// Xapian's 245-byte term limit.
inline constexpr std::size_t kMaxDocIdBytes = 240;

// The root analyser version of a database's R<root> terms (kMetaRootAnalyzer;
// "1" for root terms written before the key existed).
inline std::string recorded_root_analyzer(const Xapian::Database& db) {
  const std::string v = db.get_metadata(std::string(kMetaRootAnalyzer));
  return v.empty() ? "1" : v;
}

}  // namespace fahras::schema

namespace fahras {

// The term that marks every passage of source document `id` (kDocIdPrefix
// + id): re-indexing and --delete remove a document through it.
inline std::string doc_id_term(std::string_view id) {
  std::string term;
  term.reserve(schema::kDocIdPrefix.size() + id.size());
  term.append(schema::kDocIdPrefix);
  term.append(id);
  return term;
}

}  // namespace fahras
