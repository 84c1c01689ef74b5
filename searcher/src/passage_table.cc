#include "fahras/passage_table.h"

#include <string_view>
#include <unordered_map>

#include "fahras/schema.h"

namespace fahras {

bool PassageTable::is_worth_building(const Xapian::Database& db) { return db.get_lastdocid() <= kMaxLastDocid; }

PassageTable::PassageTable(const Xapian::Database& db) {
  const Xapian::docid last = db.get_lastdocid();
  ids_.emplace_back();  // kEmpty
  by_docid_.assign(static_cast<std::size_t>(last) + 1, kEmpty);
  // Keys view the strings in ids_, which a deque never moves.
  std::unordered_map<std::string_view, Ordinal> seen;
  seen.emplace(ids_.back(), kEmpty);
  // The passages of a document are usually consecutive, so the previous id
  // is compared first and most passages cost no hash.
  Ordinal previous = kEmpty;
  for (auto it = db.valuestream_begin(schema::kSlotDocId), end = db.valuestream_end(schema::kSlotDocId); it != end;
       ++it) {
    const Xapian::docid did = it.get_docid();
    if (did > last) break;  // cannot happen at one revision; bounds the array all the same
    const std::string value = *it;
    if (value != ids_[previous]) {
      const auto found = seen.find(value);
      if (found != seen.end()) {
        previous = found->second;
      } else {
        previous = static_cast<Ordinal>(ids_.size());
        seen.emplace(ids_.emplace_back(value), previous);
      }
    }
    by_docid_[did] = previous;
  }
  // Every passage is in the all-documents list, with its length.
  lengths_.assign(static_cast<std::size_t>(last) + 1, 0);
  for (auto it = db.postlist_begin(std::string()), end = db.postlist_end(std::string()); it != end; ++it) {
    const Xapian::docid did = *it;
    if (did > last) break;
    lengths_[did] = it.get_doclength();
  }
}

}  // namespace fahras
