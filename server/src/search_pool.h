// The search workers of fahras-serve: a fixed number of threads, each with
// its own Searcher per served database, taking tasks from one bounded
// queue. A full queue refuses the task at once (the server answers 503), so
// load beyond what the workers can do never piles up in memory.
//
// Before running a task against a database a worker reopens its Searcher
// when the database's writer has committed since (read-your-writes) or when
// reopen_ms have passed (commits by other processes).
//
// Ownership: the pool owns its threads and Searchers; tasks are shared
// between the pool and the waiting request. Thread safety: submit(),
// revision() and shutdown() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fahras/searcher.h"
#include "fahras/server.h"

namespace fahras::serve {

// What a task answers: an HTTP status and a JSON body.
struct Reply {
  int status = 200;
  std::string body;
};

// One unit of work for a worker, and its rendezvous with the request
// thread that waits for it.
class Task {
 public:
  // `work` runs on a worker with that worker's Searcher for the task's database.
  using Work = std::function<Reply(Searcher&)>;
  Task(std::size_t database, Work work) : database_(database), work_(std::move(work)) {}

  // Waits until done or until `deadline`; nullopt on timeout, after which
  // the task is abandoned (a worker that has not started it skips it).
  std::optional<Reply> wait_until(std::chrono::steady_clock::time_point deadline);

 private:
  friend class SearchPool;
  std::size_t database_;
  Work work_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  bool abandoned_ = false;
  Reply reply_;
};

class SearchPool {
 public:
  // Opens one Searcher per database per worker here, on the calling thread,
  // so a database that cannot be opened fails the start (DatabaseError).
  // Every Searcher ranks with `ranking` and, unless `synonyms_file` is
  // empty, loads it (SynonymsError on a bad line).
  SearchPool(const std::vector<ServedDatabase>& databases, unsigned workers, std::size_t queue, unsigned reopen_ms,
             const DatabaseOpenOptions& open, const RankingOptions& ranking = {},
             const std::string& synonyms_file = {});
  ~SearchPool();
  SearchPool(const SearchPool&) = delete;
  SearchPool& operator=(const SearchPool&) = delete;

  // Queues the task; false when `queue` tasks already wait beyond what the
  // idle workers will take, or the pool is shutting down.
  bool submit(std::shared_ptr<Task> task);

  // A writer committed to database `i`: workers reopen before its next task.
  void note_commit(std::size_t i) noexcept;

  // Finishes queued tasks, then joins the workers.
  void shutdown();

  unsigned workers() const noexcept { return static_cast<unsigned>(threads_.size()); }
  std::size_t queued() const;
  // The revision the workers last opened of database i (0 if unknown, e.g.
  // several shards), and its passage count and analyser configuration.
  std::uint64_t revision(std::size_t i) const noexcept { return dbs_[i]->revision.load(); }
  std::uint64_t passages(std::size_t i) const noexcept { return dbs_[i]->passages.load(); }
  const std::string& analyzer_config(std::size_t i) const noexcept { return dbs_[i]->analyzer; }

 private:
  struct Database {
    std::atomic<std::uint64_t> generation{0};  // bumped by note_commit
    std::atomic<std::uint64_t> revision{0};
    std::atomic<std::uint64_t> passages{0};
    std::string analyzer;
  };
  struct Worker {
    std::vector<std::unique_ptr<Searcher>> searchers;  // one per database
    std::vector<std::uint64_t> generation;             // seen, per database
    std::vector<std::chrono::steady_clock::time_point> checked;
  };
  void loop(Worker& w);
  void refresh(Worker& w, std::size_t i);
  void record(std::size_t i, const Searcher& s) noexcept;

  std::vector<std::unique_ptr<Database>> dbs_;
  std::vector<std::unique_ptr<Worker>> state_;
  std::vector<std::thread> threads_;
  std::chrono::milliseconds reopen_;
  std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Task>> queue_;
  std::size_t busy_ = 0;  // workers running a task
  bool stopping_ = false;
};

}  // namespace fahras::serve
