#include "document_writer.h"

#include <chrono>
#include <exception>
#include <utility>

#include <xapian.h>

namespace fahras::serve {

DocumentWriter::DocumentWriter(std::string path, unsigned commit_ms, std::function<void()> committed)
    : path_(std::move(path)), commit_ms_(commit_ms), committed_(std::move(committed)) {
  IndexOptions o;
  o.db_path = path_;
  // Small batches: a request waits for its own commit, never for 1000 others.
  o.batch_size = 100000;
  // A new database gets its analyser metadata (and a first commit) now, so
  // searchers can open it before the first write: close() records the
  // analyser of an empty database and commits.
  const bool fresh = IndexWriter::is_fresh_target(path_);
  writer_ = std::make_unique<IndexWriter>(o);
  if (fresh) {
    writer_->close();
    writer_ = std::make_unique<IndexWriter>(o);
  }
  durable_.store(read_revision());
  thread_ = std::thread([this] { loop(); });
}

DocumentWriter::~DocumentWriter() {
  try {
    shutdown();
  } catch (...) {  // a destructor must not throw; shutdown() is the checked path
  }
}

std::uint64_t DocumentWriter::read_revision() const {
  try {
    return Xapian::Database(path_).get_revision();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

WriteOutcome DocumentWriter::add(std::vector<SourceDocument> docs) {
  auto op = std::make_shared<Op>();
  op->docs = std::move(docs);
  return submit(std::move(op));
}

WriteOutcome DocumentWriter::remove(std::string id) {
  auto op = std::make_shared<Op>();
  op->delete_id = std::move(id);
  return submit(std::move(op));
}

WriteOutcome DocumentWriter::submit(std::shared_ptr<Op> op) {
  std::unique_lock lock(mu_);
  if (stopping_) return WriteOutcome{false, "the server is shutting down", 0, false};
  pending_.push_back(op);
  cv_.notify_one();
  done_cv_.wait(lock, [&] { return op->done; });
  return op->outcome;
}

void DocumentWriter::loop() {
  for (;;) {
    std::deque<std::shared_ptr<Op>> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;
      // Gather what else arrives within commit_ms into the same commit.
      if (!stopping_ && commit_ms_ > 0)
        cv_.wait_for(lock, std::chrono::milliseconds(commit_ms_), [&] { return stopping_; });
      batch.swap(pending_);
    }
    WriteOutcome result{true, {}, 0, false};
    try {
      // In arrival order: consecutive additions go through one run(); a
      // deletion applies between them. Each run() commits; the last one
      // (possibly over nothing) commits the deletions after it.
      std::size_t i = 0;
      while (i < batch.size()) {
        if (batch[i]->docs.empty()) {
          batch[i]->outcome.existed = writer_->delete_document(batch[i]->delete_id);
          ++i;
          continue;
        }
        std::size_t j = i;
        while (j < batch.size() && !batch[j]->docs.empty()) ++j;
        std::size_t op = i, doc = 0;
        writer_->run([&](SourceDocument& out) {
          while (op < j && doc >= batch[op]->docs.size()) {
            ++op;
            doc = 0;
          }
          if (op >= j) return false;
          out = std::move(batch[op]->docs[doc++]);
          return true;
        });
        i = j;
      }
      writer_->run([](SourceDocument&) { return false; });
      result.revision = read_revision();
    } catch (const std::exception& e) {
      result = WriteOutcome{false, e.what(), 0, false};
    } catch (const Xapian::Error& e) {
      result = WriteOutcome{false, e.get_description(), 0, false};
    }
    if (result.ok) {
      durable_.store(result.revision);
      commits_.fetch_add(1);
      if (committed_) committed_();
    }
    {
      std::lock_guard lock(mu_);
      for (auto& op : batch) {
        const bool existed = op->outcome.existed;
        op->outcome = result;
        op->outcome.existed = result.ok && existed;
        op->done = true;
      }
    }
    done_cv_.notify_all();
  }
}

void DocumentWriter::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable() && !writer_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (writer_) {
    writer_->close();
    writer_.reset();
  }
}

}  // namespace fahras::serve
