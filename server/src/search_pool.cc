#include "search_pool.h"

#include <algorithm>
#include <utility>

#include <xapian.h>

namespace fahras::serve {

SearchPool::SearchPool(const std::vector<ServedDatabase>& databases, unsigned workers, std::size_t queue,
                       unsigned reopen_ms, const DatabaseOpenOptions& open, const RankingOptions& ranking,
                       const std::string& synonyms_file)
    : reopen_(reopen_ms), capacity_(queue) {
  if (workers == 0) workers = 1;
  for (std::size_t i = 0; i < databases.size(); ++i) dbs_.push_back(std::make_unique<Database>());
  const auto now = Clock::now();
  for (unsigned k = 0; k < workers; ++k) {
    auto w = std::make_unique<Worker>();
    for (std::size_t i = 0; i < databases.size(); ++i) {
      w->searchers.push_back(std::make_unique<Searcher>(databases[i].path, ranking, QueryLimits{}, open));
      if (!synonyms_file.empty()) w->searchers.back()->load_synonyms(synonyms_file);
      w->generation.push_back(0);
      w->checked.push_back(now);
      if (k == 0) {
        dbs_[i]->analyzer = w->searchers.back()->analyzer_config();
        record(i, *w->searchers.back());
      }
    }
    free_.push_back(w.get());
    workers_.push_back(std::move(w));
  }
}

SearchPool::Worker* SearchPool::acquire(Clock::time_point deadline, Outcome& why) {
  std::unique_lock lock(mu_);
  why = Outcome::kOverloaded;
  if (stopping_) return nullptr;
  // Only when nobody waits may a free worker be taken at once (first come,
  // first served); release() hands workers to the waiting in order.
  if (!free_.empty() && waiting_.empty()) {
    Worker* w = free_.back();
    free_.pop_back();
    return w;
  }
  if (waiting_.size() >= capacity_) return nullptr;
  const auto me = std::make_shared<Waiter>();
  waiting_.push_back(me);
  me->cv.wait_until(lock, deadline, [&] { return me->worker != nullptr || me->refused; });
  if (me->worker != nullptr) return me->worker;  // handed over, even if just at the deadline
  if (me->refused) return nullptr;               // shutdown() took it out of the line
  waiting_.erase(std::find(waiting_.begin(), waiting_.end(), me));
  why = Outcome::kTimedOut;
  return nullptr;
}

void SearchPool::release(Worker* w) {
  std::shared_ptr<Waiter> next;
  {
    std::lock_guard lock(mu_);
    if (waiting_.empty()) {
      free_.push_back(w);
      return;
    }
    next = std::move(waiting_.front());
    waiting_.pop_front();
    next->worker = w;
  }
  // Woken after the lock is free, so the waiter does not wake only to wait
  // for it (the shared Waiter outlives a waiter that has already gone).
  next->cv.notify_one();
}

SearchPool::Result SearchPool::run(std::size_t database, const Work& work, Clock::time_point deadline) {
  Outcome why = Outcome::kAnswered;
  Worker* w = acquire(deadline, why);
  if (w == nullptr) return Result{why, {}};
  // The worker goes back even if the work throws.
  struct Returns {
    SearchPool* pool;
    Worker* w;
    ~Returns() { pool->release(w); }
  } returns{this, w};
  refresh(*w, database);
  Reply reply = work(*w->searchers[database]);
  if (Clock::now() > deadline) return Result{Outcome::kTimedOut, {}};
  return Result{Outcome::kAnswered, std::move(reply)};
}

void SearchPool::note_commit(std::size_t i) noexcept { dbs_[i]->generation.fetch_add(1); }

void SearchPool::shutdown() {
  std::lock_guard lock(mu_);
  stopping_ = true;
  for (const auto& w : waiting_) {
    w->refused = true;
    w->cv.notify_one();
  }
  waiting_.clear();
}

std::size_t SearchPool::queued() const {
  std::lock_guard lock(mu_);
  return waiting_.size();
}

void SearchPool::record(std::size_t i, const Searcher& s) noexcept {
  try {
    dbs_[i]->passages.store(s.passage_count());
    dbs_[i]->revision.store(s.database().get_revision());
  } catch (const Xapian::Error&) {
    // Several shards have no single revision; leave it at 0 (unknown).
  }
}

void SearchPool::refresh(Worker& w, std::size_t i) {
  const auto now = Clock::now();
  const std::uint64_t gen = dbs_[i]->generation.load();
  if (gen == w.generation[i] && now - w.checked[i] < reopen_) return;
  w.generation[i] = gen;
  w.checked[i] = now;
  try {
    w.searchers[i]->reopen();
    record(i, *w.searchers[i]);
  } catch (const Xapian::Error&) {
    // The search itself reports a database that cannot be read (with its
    // name); a failed reopen leaves the Searcher on its last revision.
  }
}

}  // namespace fahras::serve
