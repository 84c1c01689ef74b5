#include "fahras/shard.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>

#include "fahras/publish.h"
#include "fahras/stub_file.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;

// A bounded queue of documents for one shard's writer.
class DocQueue {
 public:
  explicit DocQueue(std::size_t capacity) : capacity_(capacity) {}

  // False when the consumer has gone (its run() ended early).
  bool push(SourceDocument&& doc) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return q_.size() < capacity_ || gone_; });
    if (gone_) return false;
    q_.push_back(std::move(doc));
    not_empty_.notify_one();
    return true;
  }
  void finish() {
    std::lock_guard lock(mu_);
    done_ = true;
    not_empty_.notify_all();
  }
  // `on_end` runs on the consumer's thread when it finds the queue finished
  // and empty, before pop() returns false: a strict-mode warning reaches the
  // shard writer only after it has taken every document read before it.
  bool pop(SourceDocument& doc, const std::function<void()>& on_end) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !q_.empty() || done_; });
    if (q_.empty()) {
      if (on_end) on_end();
      return false;
    }
    doc = std::move(q_.front());
    q_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void consumer_gone() {
    std::lock_guard lock(mu_);
    gone_ = true;
    q_.clear();
    not_full_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<SourceDocument> q_;
  std::size_t capacity_;
  bool done_ = false, gone_ = false;
};

}  // namespace

std::uint32_t shard_of(std::string_view id, std::uint32_t shards) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return shards == 0 ? 0 : static_cast<std::uint32_t>(h % shards);
}

std::string shard_name(std::uint32_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "shard-%03u", index);
  return buf;
}

std::string stub_path(const std::string& dir) { return (database_folder(dir) / kStubFileName).string(); }

std::vector<std::string> local_shards(const std::string& dir) {
  const fs::path stub = stub_path(dir);
  std::error_code ec;
  if (!fs::exists(stub, ec)) return {};
  std::vector<std::string> out;
  for (const StubEntry& e : read_stub_file(stub)) {
    if (e.remote()) {
      throw IndexError(stub.string() + ": fahras-index writes only local shards; cannot index into \"" + e.text() +
                       "\" (index the shard folders, then serve them)");
    }
    out.push_back(stub_entry_path(e, stub).lexically_normal().string());
  }
  return out;
}

void write_stub(const std::string& dir, std::uint32_t shards) {
  std::vector<StubEntry> entries;
  for (std::uint32_t i = 0; i < shards; ++i) entries.push_back(StubEntry{"auto", shard_name(i)});
  write_stub_file(stub_path(dir),
                  "fahras sharded database: documents go to shard FNV-1a-64(id) mod " + std::to_string(shards),
                  entries);
}

struct ShardedIndexWriter::Impl {
  IndexOptions options;
  std::vector<std::unique_ptr<IndexWriter>> writers;
  fs::path target;    // the sharded database folder
  fs::path building;  // where shards are written (target, or its ".building" sibling)
  bool staged = false;
  bool merge = false;
  bool open = false;
  std::atomic<bool> warned{false};
  std::uint64_t committed = 0;  // documents committed by run(), reported once published
};

ShardedIndexWriter::ShardedIndexWriter(IndexOptions options, std::uint32_t shards, bool merge)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.options = std::move(options);
  m.target = database_folder(m.options.db_path);
  m.merge = merge;
  if (merge && !IndexWriter::is_fresh_target(m.target.string())) {
    throw IndexError(m.target.string() + " exists: a merged parallel build (--merge) makes new databases only");
  }
  std::error_code ec;
  std::vector<std::string> existing;
  if (!IndexWriter::is_fresh_target(m.target.string())) {
    existing = local_shards(m.target.string());
    if (existing.empty()) {
      throw IndexError(m.target.string() +
                       " is a single database, not a sharded one: rebuild it into a new --db "
                       "with --shards");
    }
    if (shards != 0 && shards != existing.size()) {
      throw IndexError(m.target.string() + " has " + std::to_string(existing.size()) + " shards, not " +
                       std::to_string(shards) + ": documents would move between shards; rebuild into a new --db");
    }
  } else if (shards == 0) {
    shards = 1;
  }
  if (existing.empty()) {
    // A new sharded database is always staged: shard writers commit
    // without fsync into DIR.building, and close() syncs and renames it.
    m.staged = true;
    m.building = m.target.string() + ".building";
    fs::create_directories(m.building);
    for (std::uint32_t i = 0; i < shards; ++i) existing.push_back((m.building / shard_name(i)).string());
  } else {
    m.building = m.target;
  }
  // One field registry for every shard, so they number fields alike.
  if (!m.options.fields)
    m.options.fields = std::make_shared<FieldRegistry>(std::vector<std::pair<std::string, FieldType>>{}, true);
  // The analysis threads are shared out among the shard writers.
  unsigned threads = m.options.threads ? m.options.threads : std::max(1u, std::thread::hardware_concurrency());
  for (const std::string& path : existing) {
    IndexOptions o = m.options;
    o.db_path = path;
    o.staged_fresh = false;
    o.scratch = m.staged;
    o.compact = false;
    o.threads = std::max(1u, threads / static_cast<unsigned>(existing.size()));
    o.on_commit = nullptr;  // per-shard counts would mislead; see run()
    m.writers.push_back(std::make_unique<IndexWriter>(std::move(o)));
  }
  if (m.staged) {
    // Shard folders of an abandoned build with more shards (ours are locked now).
    for (const auto& e : fs::directory_iterator(m.building)) {
      if (std::find(existing.begin(), existing.end(), e.path().string()) == existing.end()) fs::remove_all(e.path());
    }
  }
  m.open = true;
}

ShardedIndexWriter::~ShardedIndexWriter() = default;

std::uint32_t ShardedIndexWriter::shard_count() const noexcept {
  return static_cast<std::uint32_t>(impl_->writers.size());
}

bool ShardedIndexWriter::delete_document(const std::string& id) {
  return impl_->writers[shard_of(id, shard_count())]->delete_document(id);
}

// The dispatcher acts on it (see run()): shard writers learn of a warning
// only once they have taken every document read before it.
void ShardedIndexWriter::note_warning() noexcept { impl_->warned.store(true); }

IndexStats ShardedIndexWriter::run(InputReader& reader, const std::atomic<bool>* stop, const ProgressSink& progress) {
  Impl& m = *impl_;
  const auto start = std::chrono::steady_clock::now();
  const std::size_t n = m.writers.size();
  std::vector<std::unique_ptr<DocQueue>> queues;
  for (std::size_t i = 0; i < n; ++i) queues.push_back(std::make_unique<DocQueue>(64));
  std::vector<IndexStats> results(n);
  std::vector<std::exception_ptr> errors(n);
  std::vector<std::atomic<std::uint64_t>> docs(n), passages(n);

  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      try {
        const std::function<void()> on_end = [&, i] {
          if (m.options.strict && m.warned.load()) m.writers[i]->note_warning();
        };
        results[i] = m.writers[i]->run([&, i](SourceDocument& d) { return queues[i]->pop(d, on_end); }, stop,
                                       [&](const Progress& p) {
                                         docs[i].store(p.documents);
                                         passages[i].store(p.passages);
                                       });
      } catch (...) {
        errors[i] = std::current_exception();
      }
      queues[i]->consumer_gone();
    });
  }

  std::exception_ptr reader_error;
  auto last_progress = std::chrono::steady_clock::now();
  const std::uint64_t field_warnings = m.options.fields->warnings();
  try {
    SourceDocument doc;
    while (!(stop && stop->load()) && !(m.options.strict && m.warned.load()) && reader.next(doc)) {
      m.options.fields->observe(doc, m.options.field_warning);  // here, in input order, for every shard
      if (m.options.strict && m.warned.load()) break;           // the warning came with this document
      const std::uint32_t s = shard_of(doc.id, static_cast<std::uint32_t>(n));
      if (!queues[s]->push(std::move(doc))) break;  // that shard failed or stopped
      doc = SourceDocument();
      if (progress && std::chrono::steady_clock::now() - last_progress >= std::chrono::milliseconds(200)) {
        last_progress = std::chrono::steady_clock::now();
        Progress p{0,
                   0,
                   reader.bytes_read(),
                   reader.bytes_total(),
                   reader.total_known(),
                   std::chrono::duration<double>(last_progress - start).count()};
        for (std::size_t i = 0; i < n; ++i) {
          p.documents += docs[i].load();
          p.passages += passages[i].load();
        }
        progress(p);
      }
    }
  } catch (...) {
    reader_error = std::current_exception();
    for (auto& w : m.writers) w->note_warning();  // strict writers cancel their open batch
  }
  for (auto& q : queues) q->finish();
  for (auto& t : threads) t.join();

  IndexStats total;
  for (std::size_t i = 0; i < n; ++i) {
    if (errors[i]) std::rethrow_exception(errors[i]);
    const IndexStats& r = results[i];
    total.documents += r.documents;
    total.committed_documents += r.committed_documents;
    total.passages += r.passages;
    total.terms += r.terms;
    total.deleted += r.deleted;
    total.commits += r.commits;
    total.failed = total.failed || r.failed;
    total.warnings += r.warnings;  // the shard writers' own (duplicate ids of a --no-termlist build)
  }
  if (reader_error) std::rethrow_exception(reader_error);
  total.bytes = reader.bytes_read();
  total.warnings += reader.warnings() + (m.options.fields->warnings() - field_warnings);
  total.interrupted = stop && stop->load();
  total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.committed += total.committed_documents;
  // A staged build is not at db_path until close(), which reports it then.
  if (m.options.on_commit && !m.staged) m.options.on_commit(total.committed_documents);
  return total;
}

void ShardedIndexWriter::close() {
  Impl& m = *impl_;
  if (!m.open) return;
  for (auto& w : m.writers) w->close();
  m.open = false;
  if (m.merge) {
    // One database from all shards: the compactor renumbers documents
    // shard after shard and writes fully merged tables.
    Xapian::Database all;
    for (std::uint32_t i = 0; i < shard_count(); ++i) {
      all.add_database(Xapian::Database((m.building / shard_name(i)).string()));
    }
    const fs::path merged = m.target.string() + ".merging";
    fs::remove_all(merged);
    all.compact(merged.string(), Xapian::DBCOMPACT_MULTIPASS);
    all.close();
    publish_database(merged, m.target, [&] {
      if (m.options.on_commit) m.options.on_commit(m.committed);  // right after the rename
    });
    fs::remove_all(m.building);
    return;
  }
  if (m.staged) {
    write_stub(m.building.string(), shard_count());
    publish_database(m.building, m.target, [&] {
      if (m.options.on_commit) m.options.on_commit(m.committed);  // right after the rename
    });
  }
  if (m.options.compact) {
    // Each shard is compacted and swapped in by its own writer (see
    // IndexWriter::close), one after the other.
    for (std::uint32_t i = 0; i < shard_count(); ++i) {
      IndexOptions o = m.options;
      o.db_path = (m.target / shard_name(i)).string();
      o.staged_fresh = false;
      o.scratch = false;
      o.on_commit = nullptr;
      IndexWriter w(o);
      w.close();
    }
  }
}

}  // namespace fahras
