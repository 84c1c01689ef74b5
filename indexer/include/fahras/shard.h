// Sharded fahras databases: N glass databases plus a Xapian stub file that
// lists them, so Xapian::Database(path) opens all shards as one database and
// combines their statistics (BM25 sees global document frequencies and
// lengths, so scores equal those of a single database).
//
// Layout of a sharded database DIR:
//   DIR/XAPIANDB        stub file, one "auto shard-NNN" line per shard
//   DIR/shard-000 ...   one glass database per shard
// Every document goes to shard_of(id, N): a stable hash, so re-indexing and
// --delete find the shard that holds the document.
//
// Ownership: a ShardedIndexWriter owns one IndexWriter per shard. Thread
// safety: used from one thread; run() starts and joins one writer thread per
// shard (each with its own analysis pool) and a dispatcher. The free
// functions are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/index_writer.h"

namespace fahras {

// FNV-1a 64 of the id, modulo `shards`: fixed forever (it decides where
// existing documents live), independent of platform and std::hash.
std::uint32_t shard_of(std::string_view id, std::uint32_t shards);

std::string shard_name(std::uint32_t index);  // "shard-007"

// The stub file of a sharded database folder (DIR/XAPIANDB).
std::string stub_path(const std::string& dir);

// Shard folders listed by the stub of `dir` (absolute), or empty when `dir`
// is not a sharded database. Throws IndexError on a malformed stub or one
// that lists remote shards (those are written by their own servers).
std::vector<std::string> local_shards(const std::string& dir);

// Writes DIR/XAPIANDB listing `shards` shard folders, atomically (temporary
// file, fsync, rename).
void write_stub(const std::string& dir, std::uint32_t shards);

class ShardedIndexWriter {
 public:
  // Opens or creates the sharded database options.db_path with `shards`
  // shards (0: as many as the existing stub lists). Throws IndexError when
  // the count disagrees with an existing sharded database or db_path is an
  // existing single database.
  // With `merge`, a new database is built as `shards` parallel shards in
  // db_path + ".building" and close() merges them with Xapian's compactor
  // into one plain database at db_path (refused for an existing database).
  ShardedIndexWriter(IndexOptions options, std::uint32_t shards, bool merge = false);
  ~ShardedIndexWriter();
  ShardedIndexWriter(const ShardedIndexWriter&) = delete;
  ShardedIndexWriter& operator=(const ShardedIndexWriter&) = delete;

  std::uint32_t shard_count() const noexcept;
  bool delete_document(const std::string& id);
  // As IndexWriter::run; every shard commits its own batches (a batch is
  // batch_size documents of that shard).
  IndexStats run(InputReader& reader, const std::atomic<bool>* stop = nullptr, const ProgressSink& progress = {});
  void note_warning() noexcept;
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fahras
