#include "search_pool.h"

#include <utility>

#include <xapian.h>

namespace fahras::serve {

std::optional<Reply> Task::wait_until(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  if (!cv_.wait_until(lock, deadline, [&] { return done_; })) {
    abandoned_ = true;
    return std::nullopt;
  }
  return std::move(reply_);
}

SearchPool::SearchPool(const std::vector<ServedDatabase>& databases, unsigned workers, std::size_t queue,
                       unsigned reopen_ms, const DatabaseOpenOptions& open, const RankingOptions& ranking,
                       const std::string& synonyms_file)
    : reopen_(reopen_ms), capacity_(queue) {
  if (workers == 0) workers = 1;
  for (std::size_t i = 0; i < databases.size(); ++i) dbs_.push_back(std::make_unique<Database>());
  const auto now = std::chrono::steady_clock::now();
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
    state_.push_back(std::move(w));
  }
  for (auto& w : state_) threads_.emplace_back([this, p = w.get()] { loop(*p); });
}

SearchPool::~SearchPool() { shutdown(); }

bool SearchPool::submit(std::shared_ptr<Task> task) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= capacity_ + (state_.size() - busy_)) return false;
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

void SearchPool::note_commit(std::size_t i) noexcept { dbs_[i]->generation.fetch_add(1); }

void SearchPool::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

std::size_t SearchPool::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
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
  const auto now = std::chrono::steady_clock::now();
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

void SearchPool::loop(Worker& w) {
  for (;;) {
    std::shared_ptr<Task> task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to do
      task = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    bool skip;
    {
      std::lock_guard lock(task->mu_);
      skip = task->abandoned_;
    }
    Reply reply;
    if (!skip) {
      refresh(w, task->database_);
      reply = task->work_(*w.searchers[task->database_]);
    }
    {
      // Free before the answer is out, so a client's next request never
      // finds this worker still counted busy.
      std::lock_guard lock(mu_);
      --busy_;
    }
    {
      std::lock_guard lock(task->mu_);
      task->reply_ = std::move(reply);
      task->done_ = true;
    }
    task->cv_.notify_all();
  }
}

}  // namespace fahras::serve
