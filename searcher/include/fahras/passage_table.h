// Per passage of one database revision: which source document it belongs to
// (schema::kSlotDocId) and its length (Xapian's document length), each read
// in one pass in docid order.
//
// Why: the first stage reads these for its 100-200 best passages, the
// document to collapse them by hand (Searcher::collapse_top) and the length
// for the late exact-form bonus (exact_form_bonus, rerank.h). Read one by
// one, each is a B-tree search and a block copy: some 5,200 instructions
// for an id, 6,600-7,500 for a length, 4-6% of a search each
// (docs/performance.md, "Document ids from a table" and "Passage lengths
// from the table"). The streams cost about 600 instructions a passage, so a
// Searcher that answers many queries at one revision (a batch, a server
// worker) builds the table once and looks passages up in memory.
//
// Any docid layout is supported: the table holds what the database holds,
// it assumes nothing about passages being consecutive. A passage without a
// document-id value (none is written so) has the empty id, as
// Document::get_value says.
//
// Ownership: owns its arrays (8 bytes per docid up to the last, plus each
// distinct id once). Thread safety: immutable after construction; const
// members may be called from any thread.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include <xapian.h>

namespace fahras {

class PassageTable {
 public:
  using Ordinal = std::uint32_t;
  // The empty id's ordinal: every docid without a value keeps it.
  static constexpr Ordinal kEmpty = 0;

  // The largest last docid a table is built for: 8 bytes each, so 128 MiB
  // for a database of 16 million passages. Above it, is_worth_building()
  // says no and the searcher reads passages one by one.
  static constexpr Xapian::docid kMaxLastDocid = 16u << 20;

  // Whether a table for `db` stays within kMaxLastDocid.
  static bool is_worth_building(const Xapian::Database& db);

  // Reads db's schema::kSlotDocId stream and its document lengths (db must
  // be local: a remote database streams them over the network). Throws
  // Xapian errors.
  explicit PassageTable(const Xapian::Database& db);

  // A number per distinct document id, from 0; passages of one document
  // share it. did beyond the revision's last docid (it cannot match) or
  // without a value get the empty id's ordinal.
  Ordinal ordinal(Xapian::docid did) const noexcept { return did < by_docid_.size() ? by_docid_[did] : kEmpty; }
  const std::string& id(Ordinal ordinal) const noexcept { return ids_[ordinal]; }
  std::size_t documents() const noexcept { return ids_.size(); }

  // Database::get_doclength(did): 0 for a docid past the last or deleted.
  Xapian::termcount length(Xapian::docid did) const noexcept { return did < lengths_.size() ? lengths_[did] : 0; }

 private:
  std::vector<Ordinal> by_docid_;           // [docid] -> ordinal; [0] unused
  std::vector<Xapian::termcount> lengths_;  // [docid] -> length; [0] unused
  std::deque<std::string> ids_;             // [ordinal] -> document id
};

}  // namespace fahras
