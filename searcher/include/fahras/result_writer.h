// Renders search results as terminal text (optional ANSI colour, optional
// visual bidi reordering with ICU), JSON Lines or TREC run lines.
//
// Ownership: writes to a caller-owned stream. Thread safety: a ResultWriter
// is stateless apart from its options; one per thread.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/searcher.h"

namespace fahras {

enum class OutputFormat { kText, kJson, kTrec };
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

// Writes every hit of one query. `qid` names the query in JSON and TREC.
void write_results(std::ostream& out, const WriterOptions& opt, std::string_view qid,
                   std::string_view query, const SearchResults& results);

// A JSON string literal (with quotes); invalid UTF-8 becomes U+FFFD.
std::string json_quote(std::string_view s);

// One line in visual order for terminals without bidi support: runs are
// reordered with ICU ubidi; bytes inside `marked` ranges are wrapped in
// `on`/`off` (e.g. ANSI colour) after reordering, so escapes stay intact.
std::string visual_line(std::string_view line, const std::vector<ByteRange>& marked,
                        std::string_view on, std::string_view off);

}  // namespace fahras
