// The one writer of a writable database served by fahras-serve. Requests
// hand it additions and deletions and wait; its thread gathers whatever
// arrives within commit_ms into one batch, applies it in arrival order
// through IndexWriter (the same analysis and replacement rules as
// fahras-index), commits, and only then releases the waiting requests with
// the revision that holds their change. Xapian's commit is synced to disk,
// so an acknowledged write survives SIGKILL.
//
// Ownership: owns the IndexWriter (and so the database's write lock) and its
// thread. Thread safety: add(), remove() and durable_revision() may be called
// from any thread; shutdown() once, from the thread that owns the writer.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fahras/index_writer.h"
#include "fahras/input_reader.h"

namespace fahras::serve {

struct WriteOutcome {
  bool ok = false;
  std::string error;           // when !ok: why the batch was not committed
  std::uint64_t revision = 0;  // the commit that holds the change
  bool existed = false;        // deletion: the document was there
};

class DocumentWriter {
 public:
  // Opens (creating if needed) the database for writing; throws IndexError.
  // `committed` is called on the writer thread after each commit.
  DocumentWriter(std::string path, unsigned commit_ms, std::function<void()> committed);
  ~DocumentWriter();
  DocumentWriter(const DocumentWriter&) = delete;
  DocumentWriter& operator=(const DocumentWriter&) = delete;

  // Block until the change is committed (or failed).
  WriteOutcome add(std::vector<SourceDocument> docs);
  WriteOutcome remove(std::string id);

  // The last revision this writer committed (or found at open).
  std::uint64_t durable_revision() const noexcept { return durable_.load(); }
  std::uint64_t commits() const noexcept { return commits_.load(); }

  // Commits what is pending, closes the database and joins the thread.
  void shutdown();

 private:
  struct Op {
    std::vector<SourceDocument> docs;  // an addition, or
    std::string delete_id;             // a deletion when docs is empty
    WriteOutcome outcome;
    bool done = false;
  };
  WriteOutcome submit(std::shared_ptr<Op> op);
  void loop();
  std::uint64_t read_revision() const;

  std::string path_;
  unsigned commit_ms_;
  std::function<void()> committed_;
  std::unique_ptr<IndexWriter> writer_;
  std::mutex mu_;
  std::condition_variable cv_;       // the writer waits for work
  std::condition_variable done_cv_;  // requests wait for their commit
  std::deque<std::shared_ptr<Op>> pending_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> durable_{0};
  std::atomic<std::uint64_t> commits_{0};
  std::thread thread_;
};

}  // namespace fahras::serve
