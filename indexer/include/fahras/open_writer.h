// The writer for a fahras-index run: one plain database, a sharded one, or
// a new plain database built by parallel writers and merged, chosen from
// the options and what is at the database path, behind the same calls.
//
// Ownership: an AnyIndexWriter owns the IndexWriter or ShardedIndexWriter it
// chose (and so the write lock until close() or destruction). Thread
// safety: as the writer it holds: used from one thread, except
// note_warning(), which any thread may call while run() works.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "fahras/index_writer.h"
#include "fahras/input_reader.h"

namespace fahras {

class ShardedIndexWriter;

// How a run writes its database (fahras-index --shards, --in-place,
// --build-writers).
struct WriterLayout {
  // A new database of this many shards (more than 1); 0 or 1: a plain
  // database. An existing sharded database keeps its count.
  std::uint32_t shards = 0;
  // A new plain database is built where it stands, one writer, each batch
  // committed and synced, instead of aside in DIR.building.
  bool in_place = false;
  // Parallel writers for a new plain database built aside (0: one per core,
  // at most 8; 1: one writer, no merge).
  unsigned build_writers = 0;

  // Throws UsageError for a value out of range (too many shards or writers).
  void validate() const;
};

// Throws UsageError for IndexOptions out of range (batch size, threads,
// passage size).
void validate(const IndexOptions& options);

class AnyIndexWriter {
 public:
  // Opens the writer `layout` and the database at options.db_path call for:
  // a sharded database when layout.shards > 1 or db_path already is one;
  // for a new plain database (not in place) build_writers parallel writers
  // in DIR.building, merged, synced and renamed to DIR by close(), or one
  // staged writer; otherwise one IndexWriter at DIR. Throws as
  // IndexWriter's and ShardedIndexWriter's constructors.
  AnyIndexWriter(IndexOptions options, const WriterLayout& layout);
  ~AnyIndexWriter();
  AnyIndexWriter(AnyIndexWriter&&) noexcept;
  AnyIndexWriter& operator=(AnyIndexWriter&&) noexcept;

  // As IndexWriter's.
  bool delete_document(const std::string& id);
  void note_warning() noexcept;
  IndexStats run(InputReader& reader, const std::atomic<bool>* stop = nullptr, const ProgressSink& progress = {});
  void close();

 private:
  std::unique_ptr<IndexWriter> single_;
  std::unique_ptr<ShardedIndexWriter> sharded_;
};

}  // namespace fahras
