#include "fahras/index_writer.h"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "fahras/passage_record.h"
#include "fahras/publish.h"
#include "fahras/root.h"
#include "fahras/schema.h"
#include "fahras/xapian_stem.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class Pipeline;
struct Slot;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The staging folder is the database folder's sibling.
std::string staging_path(const std::string& db_path) { return database_folder(db_path).string() + ".building"; }

std::string with_prefix(std::string_view prefix, std::string_view word) {
  std::string term;
  term.reserve(prefix.size() + word.size());
  term.append(prefix);
  term.append(word);
  return term;
}

// A database built with --no-termlist cannot be written to (Xapian needs
// the term list to delete or replace a document, and will not even open it
// for writing): one clear refusal instead of Xapian's "Couldn't open
// termlist.glass read/write".
void refuse_if_archive(const Xapian::Database& db, const std::string& path) {
  if (db.get_metadata(std::string(schema::kMetaTermList)) != schema::kTermListOff) return;
  throw IndexError(path +
                   " was built with --no-termlist (a build-once archive without term lists): it cannot be updated, "
                   "have documents deleted or take writes; rebuild it into a new --db");
}

void refuse_if_archive(const std::string& path) {
  std::optional<Xapian::Database> db;
  try {
    db.emplace(path);
  } catch (const Xapian::Error&) {
    return;  // not readable either: the caller reports the writer's error
  }
  refuse_if_archive(*db, path);
}

}  // namespace

// ---------------------------------------------------------------------------
// PassageDocumentBuilder

struct PassageDocumentBuilder::Impl {
  std::unique_ptr<SnowballWordStemmer> snowball;  // owned when none was given
  Analyzer analyzer;
  PassageSplitter splitter;
  bool index_stopwords;
  bool root_terms;
  bool title_in_body;  // schema 3: the title as body wdf (IndexOptions::title_in_body)
  RootAnalyzer roots;
  static constexpr std::size_t kRootMemoMax = std::size_t{1} << 20;
  std::unordered_map<std::string, Root> root_memo;
  std::string root_key;
  std::vector<PassageRange> ranges;
  std::string term;
  const FieldRegistry* fields = nullptr;
  DocumentFields doc_fields;

  Impl(StemmerKind kind, const WordStemmer* external, SplitterOptions split, bool stopwords, bool with_roots,
       bool title_wdf)
      : snowball(kind == StemmerKind::kSnowball && !external ? std::make_unique<SnowballWordStemmer>() : nullptr),
        analyzer(kind, external ? external : snowball.get()),
        splitter(split),
        index_stopwords(stopwords),
        root_terms(with_roots),
        title_in_body(title_wdf) {}

  // R<root> of a body word, when the database has root terms. Roots are
  // memoised per builder (one thread): a word's root is worked out once,
  // and a repeated word costs one hash lookup with no allocation.
  void add_root(Xapian::Document& xd, std::string_view norm) {
    if (!root_terms) return;
    root_key.assign(norm);
    auto it = root_memo.find(root_key);
    if (it == root_memo.end()) {
      if (root_memo.size() >= kRootMemoMax) root_memo.clear();
      it = root_memo.emplace(root_key, roots.root(norm)).first;
    }
    const Root& r = it->second;
    if (r.empty()) return;
    term.assign(schema::kRootPrefix);
    term.append(r.view());
    xd.add_term(term);
  }

  // Returns the last position given to a word of `text` (first_position - 1
  // if it has none).
  Xapian::termpos add_terms(Xapian::Document& xd, std::string_view text, std::string_view stem_prefix,
                            std::string_view word_prefix, bool body = false, Xapian::termpos first_position = 1) {
    Xapian::termpos last = first_position - 1;
    analyzer.analyze(
        text,
        [&](const AnalyzedToken& t) {
          last = t.position;
          if (t.stopword && !index_stopwords) return;
          term.assign(stem_prefix);
          term.append(t.stem);
          xd.add_posting(term, t.position);
          term.assign(word_prefix);
          term.append(t.norm);
          xd.add_term(term);
          if (body) add_root(xd, t.norm);
        },
        first_position);  // Xapian positions conventionally start at 1
    return last;
  }

  // schema::title_joins_body: the title's words whose stems the passage's
  // text lacks, as body terms from position `first_position`. Decided
  // against the text's terms only (a word twice in the title is added twice),
  // as the second stage re-derives it from stored passages.
  void add_title_to_body(Xapian::Document& xd, std::string_view title, Xapian::termpos first_position) {
    title_words.clear();
    analyzer.analyze(
        title,
        [&](const AnalyzedToken& t) {
          if (t.stopword && !index_stopwords) return;
          term.assign(schema::kStemPrefix);
          term.append(t.stem);
          Xapian::TermIterator it = xd.termlist_begin();
          it.skip_to(term);
          if (it != xd.termlist_end() && *it == term) return;
          title_words.push_back({term, with_prefix(schema::kExactPrefix, t.norm), std::string(t.norm), t.position});
        },
        first_position);
    for (const TitleWord& w : title_words) {
      xd.add_posting(w.stem_term, w.position);
      xd.add_term(w.word_term);
      add_root(xd, w.norm);
    }
  }
  struct TitleWord {
    std::string stem_term;
    std::string word_term;
    std::string norm;
    Xapian::termpos position;
  };
  std::vector<TitleWord> title_words;

  // The document's title, analysed once for all its passages: each word's
  // Z<stem> and exact-form terms (schema::kTitleWdf), the
  // schema::kSlotTitleStemList value and its distinct stem count.
  struct Title {
    std::vector<std::string> stem_terms;   // Z<stem> per title word
    std::vector<std::string> exact_terms;  // <word> per title word
    std::string stem_list;
    Xapian::termcount distinct_stems = 0;
  } doc_title;

  void analyse_title(std::string_view text) {
    doc_title.stem_terms.clear();
    doc_title.exact_terms.clear();
    doc_title.stem_list.clear();
    doc_title.distinct_stems = 0;
    std::vector<std::string> stems;
    analyzer.analyze(
        text,
        [&](const AnalyzedToken& t) {
          if (t.stopword && !index_stopwords) return;
          doc_title.stem_terms.push_back(with_prefix(schema::kStemPrefix, t.stem));
          doc_title.exact_terms.push_back(with_prefix(schema::kExactPrefix, t.norm));
          stems.emplace_back(t.stem);
        },
        1);
    std::sort(stems.begin(), stems.end());
    for (std::size_t k = 0; k < stems.size(); ++k) {
      if (k == 0 || stems[k] != stems[k - 1]) ++doc_title.distinct_stems;
      doc_title.stem_list.append(stems[k]);
      doc_title.stem_list.push_back(schema::kTitleStemEnd);
    }
  }

  // The title's weight in a passage: extra wdf, no positions.
  void add_title_weight(Xapian::Document& xd) const {
    if (schema::kTitleWdf == 0) return;
    for (const std::string& stem_term : doc_title.stem_terms) xd.add_term(stem_term, schema::kTitleWdf);
    for (const std::string& word_term : doc_title.exact_terms) xd.add_term(word_term, schema::kTitleWdf);
  }
};

PassageDocumentBuilder::PassageDocumentBuilder(StemmerKind kind, const WordStemmer* external, SplitterOptions splitter,
                                               bool index_stopwords, bool root_terms, bool title_in_body)
    : impl_(std::make_unique<Impl>(kind, external, splitter, index_stopwords, root_terms, title_in_body)) {}

PassageDocumentBuilder::~PassageDocumentBuilder() = default;

std::string PassageDocumentBuilder::analyzer_config() const { return impl_->analyzer.config_string(); }

void PassageDocumentBuilder::set_fields(const FieldRegistry* fields) { impl_->fields = fields; }

std::size_t PassageDocumentBuilder::split(const SourceDocument& doc) {
  impl_->splitter.split(doc.text, impl_->ranges);
  return impl_->ranges.size();
}

std::uint64_t PassageDocumentBuilder::build_passages(const SourceDocument& doc, std::size_t first, std::size_t count,
                                                     std::vector<Xapian::Document>& out) {
  out.clear();
  const auto& ranges = impl_->ranges;
  if (first > ranges.size() || count > ranges.size() - first) {
    throw std::out_of_range("build_passages: passage range beyond split()");
  }
  std::uint64_t terms = 0;
  const std::string q_term = doc_id_term(doc.id);
  PassageRecord record;
  record.doc_id = doc.id;
  record.title = doc.title;
  record.passage_count = static_cast<std::uint32_t>(ranges.size());
  // The document's metadata is stored once (passage 0's record); its
  // fields' terms and values go on every passage, so each one filters,
  // sorts and counts alike.
  DocumentFields& fields = impl_->doc_fields;
  fields.clear();
  if (impl_->fields) extract_fields(*impl_->fields->snapshot(), doc.metadata_json, doc.id, fields, nullptr);
  impl_->analyse_title(doc.title);
  for (std::size_t i = first; i < first + count; ++i) {
    const std::string_view text = std::string_view(doc.text).substr(ranges[i].begin, ranges[i].end - ranges[i].begin);
    Xapian::Document xd;
    // Schema 3: the title's own terms on the first passage only (title:
    // finds the document there), every passage carries the title as body
    // wdf. Schema 2: the title's terms on every passage.
    if (i == 0 || !impl_->title_in_body)
      impl_->add_terms(xd, doc.title, schema::kTitleStemPrefix, schema::kTitlePrefix);
    const Xapian::termpos last = impl_->add_terms(xd, text, schema::kStemPrefix, schema::kExactPrefix, true);
    if (schema::title_joins_body(static_cast<std::uint32_t>(i), doc.title, text))
      impl_->add_title_to_body(xd, doc.title, last + schema::kTitleBodyGap);
    if (impl_->title_in_body) impl_->add_title_weight(xd);  // after add_title_to_body: it looks for the text's stems
    for (const auto& [prefix, value] : fields.texts)
      impl_->add_terms(xd, value, std::string(schema::kStemPrefix) + prefix, prefix);
    fields.apply_boolean(xd);
    xd.add_boolean_term(q_term);
    xd.add_value(schema::kSlotDocId, doc.id);
    xd.add_value(schema::kSlotPassageNo, Xapian::sortable_serialise(static_cast<double>(i)));
    xd.add_value(schema::kSlotTitleStems,
                 Xapian::sortable_serialise(static_cast<double>(impl_->doc_title.distinct_stems)));
    if (impl_->title_in_body && !impl_->doc_title.stem_list.empty())
      xd.add_value(schema::kSlotTitleStemList, impl_->doc_title.stem_list);
    record.passage_no = static_cast<std::uint32_t>(i);
    record.begin = ranges[i].begin;
    record.end = ranges[i].end;
    record.text.assign(text);
    if (i == 0) {
      record.metadata_json = doc.metadata_json;
      xd.add_value(schema::kSlotMetadata, schema::kMetadataMark + doc.metadata_json);
    } else {
      record.metadata_json.clear();
    }
    xd.set_data(encode_passage_record(record));
    terms += xd.termlist_count();
    out.push_back(std::move(xd));
  }
  return terms;
}

std::uint64_t PassageDocumentBuilder::build(const SourceDocument& doc, std::vector<Xapian::Document>& out) {
  return build_passages(doc, 0, split(doc), out);
}

// ---------------------------------------------------------------------------
// IndexWriter

struct IndexWriter::Impl {
  IndexOptions options;
  std::string analyzer_config;
  Xapian::WritableDatabase db;
  std::string open_path;  // db_path, or the ".building" folder of a staged fresh build
  bool staged = false;
  std::uint64_t committed = 0;  // documents committed by run(); a staged build reports them in close()
  bool open = false;
  bool in_transaction = false;
  bool metadata_written = false;
  std::string fields_written;  // the field record last set (schema::kMetaFields)
  std::uint64_t pending_deletes = 0;
  std::atomic<bool> warned{false};

  // Ids indexed by this process, as 64-bit hashes, while the database held
  // nothing else: an id not in the set cannot have old passages, which
  // saves a posting-list lookup per document (a collision only costs a
  // lookup). Past kMaxSeen entries we stop tracking, bounding memory.
  bool fresh = false;
  std::unordered_set<std::uint64_t> seen;
  static constexpr std::size_t kMaxSeen = std::size_t{1} << 22;

  // Duplicate ids skipped by a no_termlist build (each one a warning).
  std::uint64_t duplicates = 0;

  // Re-indexing a document replaces all its old passages. Without term
  // lists Xapian cannot delete a document, so a second copy of an id is
  // skipped with a warning: returns false then.
  bool replace_old_passages(const SourceDocument& doc) {
    if (fresh) {
      if (seen.insert(std::hash<std::string>{}(doc.id)).second) {
        if (seen.size() > kMaxSeen) {
          fresh = false;
          seen = {};
        }
        return true;
      }
    }
    const std::string term = doc_id_term(doc.id);
    if (!db.term_exists(term)) return true;
    if (options.no_termlist) {
      ++duplicates;
      if (options.field_warning)
        options.field_warning({doc.origin, "document id \"" + doc.id +
                                               "\" seen again: a --no-termlist database cannot replace a "
                                               "document, so this copy is skipped (the first one is kept)"});
      // Ours too: a shard writer may meet it after its reader has finished.
      warned.store(true);
      return false;
    }
    db.delete_document(term);
    return true;
  }

  void begin() {
    if (!in_transaction) {
      db.begin_transaction(true);
      in_transaction = true;
    }
    if (!metadata_written) {
      db.set_metadata(std::string(schema::kMetaAnalyzer), analyzer_config);
      db.set_metadata(std::string(schema::kMetaStemmer), std::string(to_string(options.stemmer)));
      db.set_metadata(
          std::string(schema::kMetaSchema),
          std::to_string(options.title_in_body ? schema::kSchemaVersion : schema::kSchemaVersionTitleTerms));
      if (options.title_in_body) db.set_metadata(std::string(schema::kMetaTitleWdf), std::to_string(schema::kTitleWdf));
      db.set_metadata(std::string(schema::kMetaPassageTarget), std::to_string(options.splitter.target_bytes));
      db.set_metadata(std::string(schema::kMetaRootTerms), options.root_terms ? "on" : "off");
      if (options.root_terms)
        db.set_metadata(std::string(schema::kMetaRootAnalyzer), std::to_string(RootAnalyzer::kVersion));
      if (options.no_termlist) db.set_metadata(std::string(schema::kMetaTermList), std::string(schema::kTermListOff));
      metadata_written = true;
    }
  }

  // The field record grows as fields are inferred; each commit stores it.
  bool fields_changed() const { return !options.fields->frozen() && options.fields->record() != fields_written; }

  void commit() {
    if (in_transaction && fields_changed()) {
      fields_written = options.fields->record();
      db.set_metadata(std::string(schema::kMetaFields), fields_written);
    }
    if (in_transaction) {
      // A failed commit_transaction() (disk full) ends the transaction too;
      // cancelling it again would replace the real error with another.
      in_transaction = false;
      db.commit_transaction();
    }
  }

  void cancel() {
    if (in_transaction) {
      db.cancel_transaction();
      in_transaction = false;
      metadata_written = false;
      fields_written.clear();
    }
  }

  void write(Pipeline& pipeline, IndexStats& stats, const ProgressSink& progress, const InputReader* reader,
             Clock::time_point start);
  IndexStats finish(IndexStats stats, const std::exception_ptr& failure, bool stopped_early,
                    const std::atomic<bool>* stop, const InputReader* reader, Clock::time_point start);
};

IndexWriter::IndexWriter(IndexOptions options) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.options = std::move(options);
  if (!m.options.fields)
    m.options.fields = std::make_shared<FieldRegistry>(std::vector<std::pair<std::string, FieldType>>{}, true);
  {
    // The builder tells us the exact analyzer configuration string.
    PassageDocumentBuilder probe(m.options.stemmer, nullptr, m.options.splitter, m.options.index_stopwords);
    m.analyzer_config = probe.analyzer_config();
  }
  if (m.options.flush_threshold > 0) {
    // Xapian 1.4 reads its flush threshold only from the environment.
    ::setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(m.options.flush_threshold).c_str(), 0);
  }
  m.open_path = m.options.db_path;
  const bool fresh_target = m.options.scratch || is_fresh_target(m.options.db_path);
  if (m.options.no_termlist && !fresh_target)
    throw IndexError(m.options.db_path + " exists: --no-termlist builds new databases only (use a new --db)");
  int flags = Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS;
  if (m.options.scratch) {
    flags = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC;
  } else if (m.options.staged_fresh && is_fresh_target(m.options.db_path)) {
    // Unsynced commits are safe here: nobody reads this folder, and a crash
    // can only lose it, never a database anyone relies on.
    m.staged = true;
    m.open_path = staging_path(m.options.db_path);
    flags = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC;
  }
  // Without the term list table: Xapian then writes no per-document term
  // list (compressed, a fifth of the writer's work), and the compactor's
  // merge keeps the table absent.
  if (m.options.no_termlist) flags |= Xapian::DB_NO_TERMLIST;
  try {
    m.db = Xapian::WritableDatabase(m.open_path, flags);
  } catch (const Xapian::DatabaseOpeningError&) {
    // Xapian cannot open a database without term lists for writing.
    refuse_if_archive(m.options.db_path);
    throw;
  } catch (const Xapian::DatabaseLockError& e) {
    // Xapian reports a lock file it may not create (read-only folder) as a
    // lock error too; only "already locked" means another writer.
    if (e.get_msg().find("already locked") == std::string::npos)
      throw IndexError("cannot write to database " + m.options.db_path + ": " + e.get_msg() +
                       " (check that the folder is writable)");
    throw IndexError("database is locked by another writer: " + m.options.db_path);
  }
  m.open = true;
  if (!m.options.no_termlist) refuse_if_archive(m.db, m.options.db_path);
  m.fresh = m.db.get_doccount() == 0;
  const std::string existing = m.db.get_metadata(std::string(schema::kMetaAnalyzer));
  if (existing.empty()) {
    if (m.db.get_doccount() > 0) {
      throw IndexError(m.options.db_path + " holds " + std::to_string(m.db.get_doccount()) +
                       " documents but no fahras metadata: not a fahras database, refusing to add to it");
    }
  } else if (existing != m.analyzer_config) {
    throw IndexError(m.options.db_path + " was built with analyzer \"" + existing + "\", not \"" + m.analyzer_config +
                     "\": indexing into it would mix analyzers (use the same --stemmer, or a new --db)");
  }
  {
    const std::string key(schema::kMetaFields);
    const auto k = m.db.metadata_keys_begin(key);
    const bool recorded = k != m.db.metadata_keys_end(key) && *k == key;
    m.fields_written = m.db.get_metadata(key);
    try {
      m.options.fields->merge_recorded(m.options.db_path, m.fields_written, recorded, m.db.get_doccount() > 0);
    } catch (const FieldError& e) {
      throw IndexError(e.what());
    }
  }
  if (!existing.empty()) {
    // Root terms on some passages and not others would make a root search
    // silently miss documents.
    const bool had_roots = m.db.get_metadata(std::string(schema::kMetaRootTerms)) == "on";
    if (!m.options.root_terms_explicit) m.options.root_terms = had_roots;
    if (had_roots != m.options.root_terms)
      throw IndexError(m.options.db_path + " was built with root terms " + (had_roots ? "on" : "off") +
                       ": index into it with --root-terms " + (had_roots ? "on" : "off") + ", or use a new --db");
    const std::string root_version = schema::recorded_root_analyzer(m.db);
    if (had_roots && root_version != std::to_string(RootAnalyzer::kVersion))
      throw IndexError(m.options.db_path + " holds root terms from root analyser " + root_version +
                       ", this indexer writes version " + std::to_string(RootAnalyzer::kVersion) +
                       ": mixing them would make root searches miss documents; rebuild it into a new --db");
  }
  const std::string schema_version = m.db.get_metadata(std::string(schema::kMetaSchema));
  if (!schema_version.empty()) {
    const std::string v2 = std::to_string(schema::kSchemaVersionTitleTerms);
    const std::string v3 = std::to_string(schema::kSchemaVersion);
    if (schema_version != v2 && schema_version != v3)
      throw IndexError(m.options.db_path + " has fahras schema version " + schema_version + ", this indexer writes " +
                       v2 + " or " + v3 + ": rebuild it into a new --db");
    // Passages of the two title layouts, or of two title weights, in one
    // database would rank by which build wrote them.
    const bool had = schema_version == v3;
    if (!m.options.title_in_body_explicit) m.options.title_in_body = had;
    if (had != m.options.title_in_body)
      throw IndexError(m.options.db_path + " was built with the title in the body " + (had ? "on" : "off") +
                       " (schema " + schema_version + "): index into it with --title-in-body " + (had ? "on" : "off") +
                       ", or use a new --db");
    const std::string title_wdf = m.db.get_metadata(std::string(schema::kMetaTitleWdf));
    if (had && title_wdf != std::to_string(schema::kTitleWdf))
      throw IndexError(m.options.db_path + " weighs titles with wdf " + title_wdf + ", this indexer writes " +
                       std::to_string(schema::kTitleWdf) + ": rebuild it into a new --db");
  }
}

IndexWriter::~IndexWriter() {
  if (!impl_->open) return;
  try {
    impl_->cancel();
    impl_->db.close();
  } catch (...) {  // a destructor must not throw; close() is the checked path
  }
}

bool IndexWriter::delete_document(const std::string& id) {
  Impl& m = *impl_;
  const std::string term = doc_id_term(id);
  if (m.db.get_termfreq(term) == 0) return false;
  m.begin();
  m.db.delete_document(term);
  ++m.pending_deletes;
  return true;
}

void IndexWriter::note_warning() noexcept { impl_->warned.store(true); }

namespace {

// One document in flight through the pipeline.
// A large document goes through in chunks of passages (kBuilt with
// last_chunk false, then kConsumed when the writer has added them), so the
// memory held in built Xapian documents stays bounded: a built passage
// takes about 30 times its text size.
struct Slot {
  enum State { kEmpty, kRead, kBuilt, kConsumed } state = kEmpty;
  SourceDocument doc;
  std::vector<Xapian::Document> passages;
  std::uint64_t terms = 0;
  bool last_chunk = false;
  bool started = false;  // writer: old passages already replaced
  bool skipped = false;  // writer: a duplicate id a no_termlist build does not add
  std::exception_ptr error;
};

constexpr std::size_t kPassagesPerChunk = 256;

unsigned worker_count(unsigned threads) {
  unsigned n = threads;
  if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
  return std::min(n, 64u);  // each holds an analyzer and an ICU iterator
}

// The stages of IndexWriter::run around a ring of slots: a reader thread
// fills slot next_read, builder threads take slots in order (next_build),
// and the writer (the thread calling run) adds slot next_write's passages
// to the database and empties it, so documents are written in input order
// whatever the thread count. The counters, flags and slot states are
// guarded by mu; a slot's document and passages belong to the stage its
// state hands them to.
class Pipeline {
 public:
  using Next = std::function<bool(SourceDocument&)>;

  Pipeline(unsigned workers, const IndexOptions& options, const Next& next, std::function<bool()> stopping)
      : capacity_(std::max<std::size_t>(16, 8 * workers)),
        slots_(capacity_),
        options_(options),
        next_(next),
        stopping_(std::move(stopping)) {
    reader_ = std::thread([this] { read(); });
    for (unsigned w = 0; w < workers; ++w) workers_.emplace_back([this] { build(); });
  }
  ~Pipeline() { shut_down(); }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Writer: the next slot in input order once built, waiting at most 200 ms
  // (nullptr then, so the writer can report progress and check for a stop);
  // `done` when every document read has been written.
  Slot* next_built(bool& done) {
    std::unique_lock lock(mu_);
    Slot& s = slots_[next_write_ % capacity_];
    cv_writer_.wait_for(lock, std::chrono::milliseconds(200),
                        [&] { return s.state == Slot::kBuilt || (reader_done_ && next_write_ == next_read_); });
    if (s.state == Slot::kBuilt) return &s;
    done = reader_done_ && next_write_ == next_read_;
    return nullptr;
  }

  // Writer: a chunk of `s` (not its last) is in the database; its builder
  // may build the next.
  void chunk_written(Slot& s) {
    {
      std::lock_guard lock(mu_);
      s.passages.clear();
      s.state = Slot::kConsumed;
    }
    cv_worker_.notify_all();
  }

  // Writer: all of `s` is in the database; the reader may refill it.
  void document_written(Slot& s) {
    const std::size_t size = s.doc.text.size();
    {
      std::lock_guard lock(mu_);
      s.state = Slot::kEmpty;
      s.started = false;
      s.skipped = false;
      s.doc = SourceDocument();
      s.passages.clear();
      s.passages.shrink_to_fit();
      ++next_write_;
      inflight_bytes_ -= size;
    }
    cv_reader_.notify_one();
  }

  // Stops every stage and joins its threads. Idempotent.
  void shut_down() {
    {
      std::lock_guard lock(mu_);
      abort_ = true;
    }
    cv_reader_.notify_all();
    cv_worker_.notify_all();
    cv_writer_.notify_all();
    if (reader_.joinable()) reader_.join();
    for (auto& w : workers_)
      if (w.joinable()) w.join();
  }

  // After shut_down(): whether the reader stopped before the end of its
  // input (the stop flag or, under --strict, a warning), and what it threw.
  bool stopped_early() const { return stopped_early_; }
  std::exception_ptr reader_error() const { return reader_error_; }

 private:
  // Reader thread: documents from next_ into free slots, while the slots
  // and the bytes in flight allow.
  void read() {
    SourceDocument doc;
    try {
      while (read_one(doc)) {
      }
    } catch (...) {
      std::lock_guard lock(mu_);
      reader_error_ = std::current_exception();
    }
    std::lock_guard lock(mu_);
    reader_done_ = true;
    cv_worker_.notify_all();
    cv_writer_.notify_all();
  }

  // One document into the next slot; false at the end, on abort or on a stop.
  bool read_one(SourceDocument& doc) {
    {
      std::unique_lock lock(mu_);
      cv_reader_.wait(lock, [&] {
        return abort_ || (next_read_ - next_write_ < capacity_ &&
                          (inflight_bytes_ < kMaxInflightBytes || next_read_ == next_write_));
      });
      if (abort_) return false;
    }
    if (stopping_()) {
      stopped_early_ = true;
      return false;
    }
    if (!next_(doc)) {
      stopped_early_ = stopping_();  // next() gives up early when stopped
      return false;
    }
    if (stopping_()) {  // strict: the warning may have come with this document
      stopped_early_ = true;
      return false;
    }
    std::unique_lock lock(mu_);
    Slot& s = slots_[next_read_ % capacity_];
    inflight_bytes_ += doc.text.size();
    s.doc = std::move(doc);
    s.state = Slot::kRead;
    ++next_read_;
    cv_worker_.notify_one();
    return true;
  }

  // Builder thread: takes the next slot read and builds its passages.
  void build() {
    std::optional<PassageDocumentBuilder> builder;
    for (;;) {
      std::uint64_t seq;
      {
        std::unique_lock lock(mu_);
        cv_worker_.wait(lock, [&] { return abort_ || next_build_ < next_read_ || reader_done_; });
        if (abort_ || next_build_ == next_read_) {
          if (abort_ || reader_done_) return;
          continue;
        }
        seq = next_build_++;
      }
      if (!build_slot(builder, slots_[seq % capacity_])) return;
    }
  }

  // Builds `s` a chunk of passages at a time, handing each to the writer
  // and waiting until it has taken it. False on abort.
  // The slot is ours until we mark it built: the reader only refills slots
  // the writer has emptied, and the writer waits for kBuilt.
  bool build_slot(std::optional<PassageDocumentBuilder>& builder, Slot& s) {
    std::size_t first = 0, total = 0;
    bool split_done = false;
    for (;;) {
      bool last = true;
      try {
        if (!builder) {
          builder.emplace(options_.stemmer, nullptr, options_.splitter, options_.index_stopwords, options_.root_terms,
                          options_.title_in_body);
          builder->set_fields(options_.fields.get());
        }
        if (!split_done) {
          total = builder->split(s.doc);
          split_done = true;
        }
        const std::size_t count = std::min(kPassagesPerChunk, total - first);
        s.terms = builder->build_passages(s.doc, first, count, s.passages);
        first += count;
        last = first == total;
      } catch (...) {
        s.error = std::current_exception();
      }
      std::unique_lock lock(mu_);
      s.last_chunk = last;
      s.state = Slot::kBuilt;
      cv_writer_.notify_one();
      if (last) return true;
      cv_worker_.wait(lock, [&] { return abort_ || s.state == Slot::kConsumed; });
      if (abort_) return false;
    }
  }

  // Besides the slot count, the bytes held in flight are bounded too, so a
  // run of huge documents cannot exhaust memory (one is always admitted).
  static constexpr std::uint64_t kMaxInflightBytes = std::uint64_t{32} << 20;

  const std::size_t capacity_;
  std::vector<Slot> slots_;
  const IndexOptions& options_;
  const Next& next_;
  const std::function<bool()> stopping_;
  std::mutex mu_;
  std::condition_variable cv_reader_, cv_worker_, cv_writer_;
  std::uint64_t next_read_ = 0, next_build_ = 0, next_write_ = 0, inflight_bytes_ = 0;
  bool reader_done_ = false;
  bool stopped_early_ = false;  // written by the reader thread before reader_done_
  bool abort_ = false;          // the writer gave up: every stage stops
  std::exception_ptr reader_error_;
  std::thread reader_;
  std::vector<std::thread> workers_;
};

}  // namespace

IndexStats IndexWriter::run(InputReader& reader, const std::atomic<bool>* stop, const ProgressSink& progress) {
  FieldRegistry& fields = *impl_->options.fields;
  const std::uint64_t field_warnings = fields.warnings();
  IndexStats stats = run_impl(
      [&](SourceDocument& doc) {
        if (!reader.next(doc)) return false;
        fields.observe(doc, impl_->options.field_warning);  // in input order: types inferred reproducibly
        return true;
      },
      &reader, stop, progress);
  stats.warnings += fields.warnings() - field_warnings;
  return stats;
}

IndexStats IndexWriter::run(const NextDocument& next, const std::atomic<bool>* stop, const ProgressSink& progress) {
  return run_impl(next, nullptr, stop, progress);
}

// The writer stage: adds each built slot's passages to the database in input
// order, committing every batch_size documents, until every document read
// is written. Runs on the calling thread, the only one that touches db.
void IndexWriter::Impl::write(Pipeline& pipeline, IndexStats& stats, const ProgressSink& progress,
                              const InputReader* reader, Clock::time_point start) {
  std::uint64_t in_batch = 0;
  auto last_progress = Clock::now();
  for (;;) {
    bool done = false;
    Slot* s = pipeline.next_built(done);
    if (done) break;
    // Under --strict the reader stops at the first warning; what it read
    // before is still written, so batch boundaries (and what is committed)
    // do not depend on thread timing; the open batch is cancelled by finish().
    if (s) {
      if (s->error) std::rethrow_exception(s->error);
      begin();
      if (!s->started) {
        s->skipped = !replace_old_passages(s->doc);
        s->started = true;
      }
      if (!s->skipped) {
        for (Xapian::Document& xd : s->passages) db.add_document(xd);
        stats.passages += s->passages.size();
        stats.terms += s->terms;
      }
      if (!s->last_chunk) {
        pipeline.chunk_written(*s);
        continue;  // a batch never ends inside a document
      }
      ++stats.documents;
      pipeline.document_written(*s);
      if (++in_batch >= options.batch_size) {
        commit();
        ++stats.commits;
        stats.committed_documents = stats.documents;
        in_batch = 0;
        if (options.on_commit && !staged) options.on_commit(stats.committed_documents);
      }
    }
    if (progress && Clock::now() - last_progress >= std::chrono::milliseconds(200)) {
      last_progress = Clock::now();
      progress(Progress{stats.documents, stats.passages, reader ? reader->bytes_read() : 0,
                        reader ? reader->bytes_total() : 0, reader && reader->total_known(), seconds_since(start)});
    }
  }
}

// After the stages stopped: commits the open batch, or cancels it on a
// failure or (strict) a warning, and completes the statistics.
IndexStats IndexWriter::Impl::finish(IndexStats stats, const std::exception_ptr& failure, bool stopped_early,
                                     const std::atomic<bool>* stop, const InputReader* reader,
                                     Clock::time_point start) {
  stats.bytes = reader ? reader->bytes_read() : 0;
  stats.warnings = (reader ? reader->warnings() : 0) + duplicates;
  duplicates = 0;
  if (failure || (options.strict && warned.load())) {
    cancel();  // the failing batch is not committed
    committed += stats.committed_documents;
    stats.failed = true;
    stats.seconds = seconds_since(start);
    if (failure) std::rethrow_exception(failure);
    return stats;
  }
  if (in_transaction) {
    commit();
    ++stats.commits;
  }
  stats.committed_documents = stats.documents;
  committed += stats.committed_documents;
  if (options.on_commit && !staged) options.on_commit(stats.committed_documents);
  pending_deletes = 0;
  stats.interrupted = stopped_early && stop && stop->load();
  stats.seconds = seconds_since(start);
  return stats;
}

IndexStats IndexWriter::run_impl(const NextDocument& next, InputReader* reader, const std::atomic<bool>* stop,
                                 const ProgressSink& progress) {
  Impl& m = *impl_;
  const auto start = Clock::now();
  IndexStats stats;
  stats.deleted = m.pending_deletes;
  Pipeline pipeline(worker_count(m.options.threads), m.options, next,
                    [&] { return (stop && stop->load()) || (m.options.strict && m.warned.load()); });
  std::exception_ptr failure;
  try {
    m.write(pipeline, stats, progress, reader, start);
  } catch (...) {
    failure = std::current_exception();
  }
  pipeline.shut_down();
  if (!failure) failure = pipeline.reader_error();
  return m.finish(stats, failure, pipeline.stopped_early(), stop, reader, start);
}

void IndexWriter::close() {
  Impl& m = *impl_;
  if (!m.open) return;
  if ((!m.metadata_written && m.db.get_metadata(std::string(schema::kMetaAnalyzer)).empty()) || m.fields_changed()) {
    m.begin();  // an empty new database still records its analyzer (and its fields)
  }
  m.commit();
  if (m.staged) {
    // Sync the finished build, then make it appear at db_path in one step.
    const fs::path target = database_folder(m.options.db_path);
    fs::path built = m.open_path;
    if (m.options.compact) {
      const fs::path tmp = target.string() + ".compact-tmp";
      fs::remove_all(tmp);
      m.db.compact(tmp.string(), Xapian::DBCOMPACT_NO_RENUMBER);
      built = tmp;
    }
    m.db.close();
    m.open = false;
    // Reported right after the rename, so a kill between the two is unlikely.
    publish_database(built, target, [&] {
      if (m.options.on_commit) m.options.on_commit(m.committed);
    });
    fs::remove_all(m.open_path);  // only left over when compacted
    return;
  }
  if (m.options.compact) {
    // Compact from the committed revision while still holding the lock, then
    // swap folders atomically, so no reader ever sees a half-written folder.
    const fs::path path = database_folder(m.options.db_path);
    const fs::path tmp = path.string() + ".compact-tmp";
    fs::remove_all(tmp);
    m.db.compact(tmp.string(), Xapian::DBCOMPACT_NO_RENUMBER);
    try {
      swap_in_database(tmp, path);
    } catch (...) {
      std::error_code ec;
      fs::remove_all(tmp, ec);  // the compacted copy, or (swapped) the old database
      throw;
    }
    m.db.close();
    m.open = false;
    fs::remove_all(tmp);  // now holds the old, uncompacted database
    return;
  }
  m.db.close();
  m.open = false;
}

bool IndexWriter::is_fresh_target(const std::string& path) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(path, ec);
  if (ec || st.type() == fs::file_type::not_found) return true;
  return fs::is_directory(st) && fs::is_empty(path, ec) && !ec;
}

std::uint64_t IndexWriter::database_size(const std::string& path) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

}  // namespace fahras
