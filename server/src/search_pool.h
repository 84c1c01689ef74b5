// The search workers of fahras-serve: a fixed number of workers, each with
// its own Searcher per served database (Xapian objects are not thread-safe,
// so a worker's Searchers are used by one thread at a time), and as many
// pool threads to drive them.
//
// A request that finds a worker idle and nobody waiting runs its search on
// its own connection thread with that worker: no hand-off and no wake-up
// between the request and its search, which at one connection was a
// measurable share of the server's CPU per answer (docs/serving.md, "Where
// the time goes"). Otherwise it waits in line (first come, first served) and
// a pool thread runs it; a pool thread that finishes a search takes the next
// one in line at once, so under load the workers never wait for a thread to
// wake up (with every search run by its own connection thread, each search
// began with a wake-up and cores stood idle at 8 connections). When `queue`
// requests already wait beyond what idle workers will take, it is refused at
// once (the server answers 503), so load beyond what the workers can do
// never piles up in memory.
//
// Before running against a database a worker reopens its Searcher when the
// database's writer has committed since (read-your-writes) or when
// reopen_ms have passed (commits by other processes).
//
// Ownership: the pool owns its workers, threads and Searchers. Thread
// safety: every public member may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fahras/searcher.h"
#include "fahras/server.h"

namespace fahras::serve {

// What a search answers: an HTTP status and a JSON body.
struct Reply {
  int status = 200;
  std::string body;
};

class SearchPool {
 public:
  using Clock = std::chrono::steady_clock;
  // Runs with a worker's Searcher for the request's database.
  using Work = std::function<Reply(Searcher&)>;

  enum class Outcome {
    kAnswered,    // the work ran within the time limit
    kOverloaded,  // `queue` requests already waited (or the pool is closing)
    kTimedOut,    // its turn did not come by the deadline, or the work ended after it
  };
  struct Result {
    Outcome outcome = Outcome::kAnswered;
    Reply reply;  // kAnswered only
  };

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

  // Runs `work` with a worker's Searcher for `database`: on the calling
  // thread when a worker is idle and nobody waits, else on a pool thread
  // once the requests before it have run, waiting until `deadline` (then
  // kTimedOut, and the search is skipped). A search that is running is not
  // interrupted (Xapian 1.4 cannot stop a match from outside): its answer
  // is dropped for kTimedOut when it ends after the deadline. What the work
  // throws reaches the caller.
  Result run(std::size_t database, const Work& work, Clock::time_point deadline);

  // A writer committed to database `i`: workers reopen before their next search.
  void note_commit(std::size_t i) noexcept;

  // Refuses those waiting and every later run() (kOverloaded), and joins
  // the pool threads once their searches end.
  void shutdown();

  unsigned workers() const noexcept { return static_cast<unsigned>(workers_.size()); }
  // Requests waiting in line.
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
    std::vector<Clock::time_point> checked;
  };
  // A request in line, shared by the requester and the pool thread that
  // takes it.
  struct Waiter {
    Waiter(std::size_t db, const Work& w) : database(db), work(w) {}
    std::size_t database;
    const Work& work;  // the requester's; a pool thread runs it only while the requester waits
    std::condition_variable cv;
    bool started = false;  // a pool thread took it: the requester waits for its end
    bool done = false;
    bool refused = false;  // shutdown
    Reply reply;
    std::exception_ptr error;
  };
  Reply execute(Worker& w, std::size_t database, const Work& work);
  void loop();
  void refresh(Worker& w, std::size_t i);
  void record(std::size_t i, const Searcher& s) noexcept;

  std::vector<std::unique_ptr<Database>> dbs_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::chrono::milliseconds reopen_;
  std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable work_ready_;           // for the pool threads
  std::vector<Worker*> free_;                    // idle workers
  std::deque<std::shared_ptr<Waiter>> waiting_;  // in arrival order, not yet taken
  std::vector<std::thread> threads_;
  bool stopping_ = false;
};

}  // namespace fahras::serve
