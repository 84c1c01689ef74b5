// Renders search results: terminal text (optional ANSI colour, optional
// visual bidi reordering with ICU), one JSON answer object per query, JSON
// Lines (one object per hit) or TREC run lines. The JSON answer's schema is
// documented in docs/searching.md ("The JSON answer"); answer_json builds it
// for the CLI and for any server, which may add keys (e.g. facets) to the
// object before writing it.
//
// Ownership: writes to a caller-owned stream; answer_json returns a new
// object. Thread safety: the functions keep no state; one WriterOptions may
// be shared by threads that only read it.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "fahras/searcher.h"

namespace fahras {

enum class OutputFormat { kText, kJson, kJsonl, kTrec };
enum class BidiMode { kLogical, kVisual };

struct WriterOptions {
  OutputFormat format = OutputFormat::kText;
  bool color = false;
  BidiMode bidi = BidiMode::kLogical;
  bool passage_text = false;  // JSON: include the whole passage text
  std::string run_tag = "fahras";
};

// Parse CLI words; throw std::invalid_argument naming the bad value.
OutputFormat parse_output_format(std::string_view s);
BidiMode parse_bidi_mode(std::string_view s);

// JSON objects keep their keys in insertion order (nlohmann::ordered_json),
// so answers read query, total, page, hits, in that order.
//
// The answer to one query as one JSON object (docs/searching.md): the query
// as typed and as understood, the total, the page, the hits, the ignored
// words and the notices. `qid` names the query (batch runs); empty: no "qid"
// key. Strings holding invalid UTF-8 get U+FFFD when dumped with dump_json.
nlohmann::ordered_json answer_json(const SearchRequest& request, const SearchResults& results, const WriterOptions& opt,
                                   std::string_view qid = {});

// One hit as a JSON object: the answer's "hits" entries and the JSON Lines.
nlohmann::ordered_json hit_json(const SearchHit& hit, const WriterOptions& opt);

// Compact, one line, invalid UTF-8 replaced by U+FFFD (never throws for it).
std::string dump_json(const nlohmann::ordered_json& j);

// dump_json(answer_json(request, results, opt, qid)), byte for byte, written
// directly without building the object (less than half the instructions,
// docs/serving.md): what fahras-search --format json and fahras-serve send.
std::string answer_json_text(const SearchRequest& request, const SearchResults& results, const WriterOptions& opt,
                             std::string_view qid = {});

// Writes the answer to one query in opt.format. `qid` names the query in
// JSON and TREC.
void write_results(std::ostream& out, const WriterOptions& opt, std::string_view qid, const SearchRequest& request,
                   const SearchResults& results);

// "12 documents match", "about 1,240 documents match (estimate: 900 to
// 3,000)", "1 passage matches": the count in words, for text headers and
// stderr.
std::string count_phrase(const SearchRequest& request, const SearchResults& results);

// Why a page holds no hits although some match (offset past the end,
// --limit 0), e.g. "none on this page (offset 5000)"; empty when the page
// has hits or nothing matches.
std::string empty_page_phrase(const SearchRequest& request, const SearchResults& results);

// `text` as HTML with the byte ranges (sorted, non-overlapping) wrapped in
// <mark>…</mark>; &, <, >, " and ' are escaped.
std::string html_marked(std::string_view text, const std::vector<ByteRange>& marked);

// One line in visual order for terminals without bidi support: runs are
// reordered with ICU ubidi; bytes inside `marked` ranges are wrapped in
// `on`/`off` (e.g. ANSI colour) after reordering, so escapes stay intact.
// Bidi control characters in the line (e.g. the isolates U+2066..U+2069
// that keep an id in one piece) steer the reordering and are left out of
// the result.
std::string visual_line(std::string_view line, const std::vector<ByteRange>& marked, std::string_view on,
                        std::string_view off);

}  // namespace fahras
