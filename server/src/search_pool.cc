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
  for (unsigned k = 0; k < workers; ++k) threads_.emplace_back([this] { loop(); });
}

SearchPool::~SearchPool() { shutdown(); }

Reply SearchPool::execute(Worker& w, std::size_t database, const Work& work) {
  refresh(w, database);
  return work(*w.searchers[database]);
}

SearchPool::Result SearchPool::run(std::size_t database, const Work& work, Clock::time_point deadline) {
  std::unique_lock lock(mu_);
  if (stopping_) return Result{Outcome::kOverloaded, {}};
  // Only when nobody waits may an idle worker be taken here (first come,
  // first served).
  if (!free_.empty() && waiting_.empty()) {
    Worker* w = free_.back();
    free_.pop_back();
    lock.unlock();
    // The worker goes back even if the work throws; a pool thread takes it
    // when requests arrived meanwhile.
    struct GivesBack {
      SearchPool* pool;
      Worker* w;
      ~GivesBack() {
        bool wanted = false;
        {
          std::lock_guard lock(pool->mu_);
          pool->free_.push_back(w);
          wanted = !pool->waiting_.empty();
        }
        if (wanted) pool->work_ready_.notify_one();
      }
    };
    Reply reply;
    {
      GivesBack gives_back{this, w};
      reply = execute(*w, database, work);
    }
    if (Clock::now() > deadline) return Result{Outcome::kTimedOut, {}};
    return Result{Outcome::kAnswered, std::move(reply)};
  }
  if (waiting_.size() >= capacity_ + free_.size()) return Result{Outcome::kOverloaded, {}};
  const auto me = std::make_shared<Waiter>(database, work);
  waiting_.push_back(me);
  work_ready_.notify_one();
  me->cv.wait_until(lock, deadline, [&] { return me->done || me->refused; });
  if (me->refused) return Result{Outcome::kOverloaded, {}};
  if (!me->done) {
    if (!me->started) {
      waiting_.erase(std::find(waiting_.begin(), waiting_.end(), me));
      return Result{Outcome::kTimedOut, {}};
    }
    // A pool thread is running it with the caller's `work`, which must
    // outlive the search: wait for its end, then drop its answer.
    me->cv.wait(lock, [&] { return me->done; });
    return Result{Outcome::kTimedOut, {}};
  }
  if (me->error) std::rethrow_exception(me->error);
  if (Clock::now() > deadline) return Result{Outcome::kTimedOut, {}};
  return Result{Outcome::kAnswered, std::move(me->reply)};
}

void SearchPool::loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_ready_.wait(lock, [&] { return stopping_ || (!waiting_.empty() && !free_.empty()); });
    if (stopping_) return;
    Worker* w = free_.back();
    free_.pop_back();
    // Run the line's searches one after another without sleeping between
    // them; each requester is woken after the lock is free, so it does not
    // wake only to wait for it.
    std::shared_ptr<Waiter> finished;
    while (!stopping_ && !waiting_.empty()) {
      const std::shared_ptr<Waiter> t = std::move(waiting_.front());
      waiting_.pop_front();
      t->started = true;
      lock.unlock();
      if (finished) finished->cv.notify_one();
      Reply reply;
      std::exception_ptr error;
      try {
        reply = execute(*w, t->database, t->work);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      t->reply = std::move(reply);
      t->error = error;
      t->done = true;
      finished = t;
    }
    free_.push_back(w);
    if (finished) {
      lock.unlock();
      finished->cv.notify_one();
      lock.lock();
    }
  }
}

void SearchPool::note_commit(std::size_t i) noexcept { dbs_[i]->generation.fetch_add(1); }

void SearchPool::shutdown() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (const auto& w : waiting_) {
      w->refused = true;
      w->cv.notify_one();
    }
    waiting_.clear();
  }
  work_ready_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
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
