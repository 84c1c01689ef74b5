// The one place where fahras's database layout is defined: every term
// prefix, value slot and metadata key. No prefix literal appears elsewhere.
//
// Terms follow Xapian's conventions, as TermGenerator would write them with
// STEM_ALL_Z, so QueryParser (STEM_ALL_Z) produces matching query terms:
//   Z<stem>      stem of a body word, with positions (phrases, NEAR)
//   <word>       normalised unstemmed body word, wdf only (exact-form boost)
//   ZS<stem>     stem of a title word, with positions
//   S<word>      normalised unstemmed title word
//   (the first passage's Z and unprefixed terms include its title's words:
//   title_joins_body)
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

// 2: a JSON Lines title is also indexed in its first passage's body
// (title_joins_body). Databases of another version are refused, by the
// indexer and the searcher alike, with a message to re-index.
inline constexpr int kSchemaVersion = 2;

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
