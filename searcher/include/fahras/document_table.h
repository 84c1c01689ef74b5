// Which source document each passage of one database revision belongs to,
// read in one pass over the document-id value stream (schema::kSlotDocId).
//
// Why: collapsing the first stage by hand (Searcher::collapse_top) needs the
// document of each of the 100-200 best passages. Read one by one, each is a
// B-tree search and a block copy in the values table: 87 of a keyword
// query's 402 block reads and 4-6% of its instructions
// (docs/performance.md, "Document ids from a table"). The stream is read in
// docid order, a few blocks per thousand passages, so a Searcher that
// answers more than one query at a revision (a batch, a server worker)
// builds the table once and then looks passages up in memory.
//
// Any docid layout is supported: the table holds what the value slot holds,
// it assumes nothing about passages being consecutive. A passage without a
// value (none is written so) has the empty id, as Document::get_value says.
//
// Ownership: owns its arrays (4 bytes per docid up to the last, plus each
// distinct id once). Thread safety: immutable after construction; const
// members may be called from any thread.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include <xapian.h>

namespace fahras {

class DocumentTable {
 public:
  using Ordinal = std::uint32_t;

  // The largest last docid a table is built for: 4 bytes each, so 64 MiB
  // for a database of 16 million passages. Above it, is_worth_building()
  // says no and the searcher reads values one by one.
  static constexpr Xapian::docid kMaxLastDocid = 16u << 20;

  // Whether a table for `db` stays within kMaxLastDocid.
  static bool is_worth_building(const Xapian::Database& db);

  // Reads db's schema::kSlotDocId stream (db must be local: a remote
  // database streams it over the network). Throws Xapian errors.
  explicit DocumentTable(const Xapian::Database& db);

  // A number per distinct document id, from 0; passages of one document
  // share it. did beyond the revision's last docid (it cannot match) or
  // without a value get the empty id's ordinal.
  Ordinal ordinal(Xapian::docid did) const noexcept { return did < by_docid_.size() ? by_docid_[did] : empty_; }
  const std::string& id(Ordinal ordinal) const noexcept { return ids_[ordinal]; }
  std::size_t documents() const noexcept { return ids_.size(); }

 private:
  std::vector<Ordinal> by_docid_;  // [docid] -> ordinal; [0] unused
  std::deque<std::string> ids_;    // [ordinal] -> document id
  Ordinal empty_ = 0;              // the empty id's ordinal
};

}  // namespace fahras
