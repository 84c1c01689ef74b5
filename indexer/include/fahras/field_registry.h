// The indexer's side of typed fields (fields.h): which fields a database
// has, inferring the type of undeclared ones from the first value seen, and
// turning one document's metadata into the terms and values written on each
// of its passages (schema.h).
//
// Inference (a field not declared with --field and not yet recorded), from
// the first document that has it, in input order:
//   JSON number                                   -> number
//   string that is an ISO 8601 date or date-time  -> date
//   true / false                                  -> keyword
//   other string without white space, or <= 64 bytes -> keyword
//   longer string with white space                -> text
// Arrays, objects, nulls and members whose names are not usable field names
// stay display-only metadata. A later value that does not fit its field's
// type is reported (file:line) and left out; the document is still indexed.
//
// Ownership: FieldRegistry owns its schema; snapshots are shared, immutable.
// Thread safety: FieldRegistry is thread-safe (one mutex): the reading
// thread observes documents while builder threads take snapshots and
// writers record the schema. extract_fields is reentrant.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "fahras/fields.h"
#include "fahras/input_reader.h"

namespace fahras {

// What one document's fields add to each of its passages.
struct DocumentFields {
  std::vector<std::string> terms;                               // boolean terms
  std::vector<std::pair<Xapian::valueno, std::string>> values;  // slot, value
  std::vector<std::pair<std::string, std::string>> texts;       // prefix, text (text fields)
  void clear() {
    terms.clear();
    values.clear();
    texts.clear();
  }
  void apply_boolean(Xapian::Document& doc) const {
    for (const auto& t : terms) doc.add_boolean_term(t);
    for (const auto& [slot, v] : values) doc.add_value(slot, v);
  }
};

// Fills `out` from the JSON object `metadata_json` (SourceDocument's) for the
// fields of `schema`; members the schema lacks are ignored. Each value that
// does not fit its field adds a message to `problems` (when given).
void extract_fields(const FieldSchema& schema, std::string_view metadata_json, std::string_view doc_id,
                    DocumentFields& out, std::vector<std::string>* problems);

class FieldRegistry {
 public:
  // `declared`: --field declarations; `infer`: type undeclared fields.
  FieldRegistry(std::vector<std::pair<std::string, FieldType>> declared, bool infer);

  // Merges a database's recorded fields (schema::kMetaFields; `recorded`
  // false when the key is absent). A database holding documents but no
  // record was built before typed fields: the registry then adds no field
  // at all (declaring one is an error), so its documents stay consistent.
  // Throws FieldError (a recorded type that differs from a declared one).
  void merge_recorded(const std::string& db_path, std::string_view record, bool recorded, bool has_documents);

  // Called on documents in input order (one thread): infers new fields and
  // reports values that do not fit (origin "file:line: field date: ...").
  void observe(const SourceDocument& doc, const InputWarningSink& warn);

  std::shared_ptr<const FieldSchema> snapshot() const;
  std::string record() const;  // snapshot()->serialise()
  bool frozen() const;         // built before typed fields
  std::uint64_t warnings() const noexcept { return warnings_.load(); }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const FieldSchema> schema_;
  std::vector<std::pair<std::string, FieldType>> declared_;
  bool infer_;
  bool frozen_ = false;
  std::atomic<std::uint64_t> warnings_{0};
  DocumentFields scratch_;
  std::vector<std::string> problems_;
};

}  // namespace fahras
