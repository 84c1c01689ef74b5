#include "fahras/open_writer.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "fahras/error.h"
#include "fahras/shard.h"

namespace fahras {

void WriterLayout::validate() const {
  if (shards > 256) throw UsageError("--shards must be at most 256");
  if (build_writers > 64) throw UsageError("--build-writers must be at most 64");
}

void validate(const IndexOptions& options) {
  // The bounds also catch negative numbers, which Boost wraps to huge unsigned values.
  if (options.batch_size == 0 || options.batch_size > 100'000'000)
    throw UsageError("--batch-size must be 1..100000000");
  if (options.threads > 1024) throw UsageError("--threads must be 0..1024");
  if (options.splitter.target_bytes < 64 || options.splitter.target_bytes > (std::size_t{1} << 30))
    throw UsageError("--passage-size must be 64..1073741824");
}

AnyIndexWriter::AnyIndexWriter(IndexOptions options, const WriterLayout& layout) {
  // An archive is one database: shards are updated one by one later
  // (--compact reopens each), which a database without term lists refuses.
  if (options.no_termlist && layout.shards > 1) throw UsageError("--no-termlist builds one database, not --shards");
  if (layout.shards > 1 || !local_shards(options.db_path).empty()) {
    sharded_ = std::make_unique<ShardedIndexWriter>(options, layout.shards);
    return;
  }
  if (!layout.in_place && IndexWriter::is_fresh_target(options.db_path)) {
    unsigned writers = layout.build_writers;
    if (writers == 0) writers = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    if (writers > 1) {
      sharded_ = std::make_unique<ShardedIndexWriter>(options, writers, true);
      return;
    }
    options.staged_fresh = true;
  }
  single_ = std::make_unique<IndexWriter>(std::move(options));
}

AnyIndexWriter::~AnyIndexWriter() = default;
AnyIndexWriter::AnyIndexWriter(AnyIndexWriter&&) noexcept = default;
AnyIndexWriter& AnyIndexWriter::operator=(AnyIndexWriter&&) noexcept = default;

bool AnyIndexWriter::delete_document(const std::string& id) {
  return single_ ? single_->delete_document(id) : sharded_->delete_document(id);
}

void AnyIndexWriter::note_warning() noexcept { single_ ? single_->note_warning() : sharded_->note_warning(); }

IndexStats AnyIndexWriter::run(InputReader& reader, const std::atomic<bool>* stop, const ProgressSink& progress) {
  return single_ ? single_->run(reader, stop, progress) : sharded_->run(reader, stop, progress);
}

void AnyIndexWriter::close() { single_ ? single_->close() : sharded_->close(); }

}  // namespace fahras
