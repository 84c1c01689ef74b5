// The indexing pipeline: source documents -> passages -> Xapian documents
// -> a fahras database, following schema.h exactly.
//
// PassageDocumentBuilder turns one SourceDocument into one Xapian::Document
// per passage (terms, positions, values, passage record). IndexWriter owns
// the WritableDatabase and runs the whole pipeline: a reader thread, a pool
// of builder threads and the calling thread as the only Xapian writer,
// committing every batch_size documents, in input order (so runs are
// reproducible whatever the thread count).
//
// Ownership: IndexWriter owns its WritableDatabase (and so holds the write
// lock from construction to close()/destruction). Thread safety: an
// IndexWriter is used from one thread; it starts and joins its own worker
// threads inside run(). Its constructor may call setenv() (see
// flush_threshold), so construct it before starting other threads that read
// the environment. A PassageDocumentBuilder is for one thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

#include "fahras/analyzer.h"
#include "fahras/error.h"
#include "fahras/exit_status.h"
#include "fahras/field_registry.h"
#include "fahras/input_reader.h"
#include "fahras/passage_splitter.h"

namespace fahras {

struct IndexOptions {
  std::string db_path;
  StemmerKind stemmer = StemmerKind::kFahras;
  SplitterOptions splitter;
  std::size_t batch_size = 1000;  // documents per commit
  // Passages Xapian buffers before merging them into its tables (within a
  // batch). Measured on SaudiNewsNet: 1000 costs ~17% less CPU than Xapian's
  // default of 10000 and far less memory. Applied by setting
  // XAPIAN_FLUSH_THRESHOLD (the only way in Xapian 1.4) unless that is
  // already set; 0 leaves Xapian's default.
  std::size_t flush_threshold = 1000;
  unsigned threads = 0;         // builder threads; 0 = hardware concurrency
  bool strict = false;          // a warning fails the run (batch not committed)
  bool compact = false;         // compact the database at the end
  bool index_stopwords = true;  // stop words are indexed (phrases keep working)
  // Body words also get R<root> terms (schema.h), for search by root. A
  // database keeps the setting it was created with (kMetaRootTerms): when
  // not root_terms_explicit an existing database's setting is adopted,
  // otherwise a different one is refused.
  bool root_terms = false;
  bool root_terms_explicit = false;
  // The title weighs inside the body terms' wdf (schema 3, schema.h
  // kTitleWdf) instead of ZS/S terms on every passage (schema 2): faster
  // searches, better ranking (docs/performance.md, "Lever 3"), so the
  // default for new databases. Kept like root_terms: an existing
  // database's layout unless explicit.
  bool title_in_body = true;
  bool title_in_body_explicit = false;
  // Typed metadata fields (field_registry.h): declared and inferred ones.
  // Null: infer every field. Shared by the shards of a sharded database,
  // so they number fields alike.
  std::shared_ptr<FieldRegistry> fields;
  // Where a value that does not fit its field is reported (file:line);
  // run(InputReader&) counts these in IndexStats::warnings.
  InputWarningSink field_warning;
  // Called on the writing thread right after each commit of run(), with the
  // number of source documents committed so far (fahras-index --log-commits;
  // the crash tests use it as a record that does not come from the database).
  std::function<void(std::uint64_t)> on_commit;
  // A new database (db_path missing or an empty folder) is built in the
  // sibling folder db_path + ".building", opened with DB_NO_SYNC, and
  // close() fsyncs it and renames it to db_path. Until then nothing exists
  // at db_path; a killed build leaves only the ".building" folder, which the
  // next build of db_path overwrites. An existing database is never opened
  // without sync.
  bool staged_fresh = false;
  // For ShardedIndexWriter's scratch shards only: overwrite whatever is at
  // db_path and commit without fsync (the caller syncs and renames).
  bool scratch = false;
  // A new database is built without Xapian's term list table
  // (Xapian::DB_NO_TERMLIST; schema::kMetaTermList "off"): about a fifth
  // less indexing CPU and a quarter smaller, but it can never be updated,
  // have documents deleted or be served --writable (refused with a clear
  // message), and a document id seen twice in one run keeps its first copy
  // (a warning) instead of being replaced. Refused for an existing database.
  bool no_termlist = false;
};

struct IndexStats {
  std::uint64_t documents = 0;            // source documents indexed
  std::uint64_t committed_documents = 0;  // of which committed (differs only when failed)
  std::uint64_t passages = 0;             // Xapian documents added
  std::uint64_t terms = 0;                // term entries added (sum of per-passage term lists)
  std::uint64_t bytes = 0;                // input bytes consumed
  std::uint64_t deleted = 0;              // documents removed by delete_document()
  std::uint64_t warnings = 0;
  std::uint64_t commits = 0;
  double seconds = 0;
  bool interrupted = false;  // stopped by the stop flag
  bool failed = false;       // strict mode: a warning stopped the run, batch discarded
};

// Called (on the writer thread) about every 200 ms while run() works.
struct Progress {
  std::uint64_t documents, passages, bytes, bytes_total;
  bool total_known;
  double seconds;
};
using ProgressSink = std::function<void(const Progress&)>;

class PassageDocumentBuilder {
 public:
  // `external` is required for StemmerKind::kSnowball (see analyzer.h); it is
  // borrowed and must outlive the builder.
  PassageDocumentBuilder(StemmerKind kind, const WordStemmer* external, SplitterOptions splitter,
                         bool index_stopwords = true, bool root_terms = false, bool title_in_body = false);
  ~PassageDocumentBuilder();

  // Replaces `out` with one Xapian::Document per passage of `doc`. Returns
  // the number of term entries generated.
  std::uint64_t build(const SourceDocument& doc, std::vector<Xapian::Document>& out);

  // The same in two steps, so a huge document can be built a chunk of
  // passages at a time: split() returns the passage count, then
  // build_passages() builds passages [first, first + count) of the document
  // last split (which must still be alive and unchanged).
  std::size_t split(const SourceDocument& doc);
  std::uint64_t build_passages(const SourceDocument& doc, std::size_t first, std::size_t count,
                               std::vector<Xapian::Document>& out);

  std::string analyzer_config() const;

  // Typed fields to write on every passage (none when unset). Borrowed; it
  // must outlive the builder.
  void set_fields(const FieldRegistry* fields);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class IndexWriter {
 public:
  // Opens (creating if needed) the database. Throws IndexError with a clear
  // message if it is locked by another writer ("database is locked by
  // another writer"), or holds documents analysed with another analyzer
  // configuration. Other Xapian errors propagate.
  explicit IndexWriter(IndexOptions options);
  ~IndexWriter();  // closes without committing pending changes
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Removes every passage of source document `id`; returns whether it existed.
  // Takes effect at the next commit (run() and close() commit).
  bool delete_document(const std::string& id);

  // Indexes everything `reader` yields, committing every batch. Stops early,
  // committing what was read, when *stop becomes true (stats.interrupted);
  // in strict mode stops at the first reader warning without committing the
  // current batch (stats.failed). `reader`'s warning sink must call
  // note_warning() for strict mode to work (make_warning_sink() does).
  IndexStats run(InputReader& reader, const std::atomic<bool>* stop = nullptr, const ProgressSink& progress = {});
  // The same over any source: `next` fills a document and returns false at
  // the end; it is called on a reader thread run() starts. stats.bytes and
  // stats.warnings stay 0, and progress reports no bytes.
  using NextDocument = std::function<bool(SourceDocument&)>;
  IndexStats run(const NextDocument& next, const std::atomic<bool>* stop = nullptr, const ProgressSink& progress = {});

  // Thread-safe: tells run() a warning happened (for strict mode).
  void note_warning() noexcept;

  // Commits, optionally compacts (options.compact), and releases the lock.
  void close();

  // Total size in bytes of the database folder.
  static std::uint64_t database_size(const std::string& path);

  // Whether `path` can take a new database: missing, or an empty folder.
  static bool is_fresh_target(const std::string& path);

 private:
  struct Impl;
  IndexStats run_impl(const NextDocument& next, InputReader* reader, const std::atomic<bool>* stop,
                      const ProgressSink& progress);

  std::unique_ptr<Impl> impl_;
};

}  // namespace fahras
