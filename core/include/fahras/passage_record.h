// The document data of one passage: what the searcher needs to show it,
// highlight it and find its neighbours, in a compact versioned binary form.
//
// Ownership: PassageRecord owns its strings. Thread safety: plain data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fahras {

struct PassageRecord {
  std::string doc_id;               // source document id
  std::uint32_t passage_no = 0;     // 0-based within the document
  std::uint32_t passage_count = 0;  // passages in the document
  std::uint64_t begin = 0;          // byte range of `text` in the original document
  std::uint64_t end = 0;
  std::string title;          // document title (every passage, for display)
  std::string text;           // ORIGINAL passage bytes (diacritics and all)
  std::string metadata_json;  // extra JSONL fields as a JSON object; passage 0 only, may be empty
};

// Serialises to the format stored as Xapian document data.
std::string encode_passage_record(const PassageRecord& r);

// Parses document data; throws CorruptRecordError (fahras/error.h) "corrupt passage record ..."
// on malformed input (it must never read out of bounds).
PassageRecord decode_passage_record(std::string_view data);

}  // namespace fahras
