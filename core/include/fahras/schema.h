// The one place where fahras's database layout is defined: every term
// prefix, value slot and metadata key. No prefix literal appears elsewhere.
//
// Terms follow Xapian's conventions, as TermGenerator would write them with
// STEM_ALL_Z, so QueryParser (STEM_ALL_Z) produces matching query terms:
//   Z<stem>      stem of a body word, with positions (phrases, NEAR)
//   <word>       normalised unstemmed body word, wdf only (exact-form boost)
//   ZS<stem>     stem of a title word, with positions
//   S<word>      normalised unstemmed title word
//   Q<doc id>    boolean: the source document, shared by all its passages
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

// QueryParser field name for the title ("title:word").
inline constexpr std::string_view kTitleField = "title";

// Value slots.
inline constexpr Xapian::valueno kSlotDocId = 0;      // source document id (collapse key)
inline constexpr Xapian::valueno kSlotPassageNo = 1;  // sortable_serialise(passage number)
// sortable_serialise(number of distinct ZS terms in the passage): the
// second ranking stage's title share, without opening the passage's term
// list. Databases written before it lack the slot (empty value): the
// searcher then counts the term list, with the same result.
inline constexpr Xapian::valueno kSlotTitleStems = 2;

// What kSlotTitleStems holds, counted over a passage's term list (sorted):
// the indexer counts the document it builds, the searcher a stored
// passage's term list when the slot is missing.
inline Xapian::termcount count_title_stems(Xapian::TermIterator it, const Xapian::TermIterator& end) {
  const std::string prefix(kTitleStemPrefix);
  Xapian::termcount n = 0;
  for (it.skip_to(prefix); it != end && (*it).compare(0, prefix.size(), prefix) == 0; ++it) ++n;
  return n;
}

// Database metadata keys.
inline constexpr std::string_view kMetaAnalyzer = "fahras.analyzer";  // Analyzer::config_string()
inline constexpr std::string_view kMetaStemmer = "fahras.stemmer";    // fahras | snowball | none
inline constexpr std::string_view kMetaSchema = "fahras.schema";      // kSchemaVersion
inline constexpr std::string_view kMetaPassageTarget = "fahras.passage_target";

inline constexpr int kSchemaVersion = 1;

// Longest accepted source document id: kDocIdPrefix + id must stay within
// Xapian's 245-byte term limit.
inline constexpr std::size_t kMaxDocIdBytes = 240;

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
