#include "fahras/search_database.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string_view>
#include <utility>

#include "fahras/error.h"
#include "fahras/schema.h"
#include "fahras/searcher.h"
#include "fahras/stub_file.h"

namespace fahras {

void DatabaseOpenOptions::validate() const {
  // The bound also catches negative numbers, which Boost wraps to huge unsigned values.
  if (remote_timeout_ms > 3'600'000 || connect_timeout_ms > 3'600'000)
    throw UsageError("--remote-timeout and --connect-timeout must be 0..3600000 (milliseconds)");
}

namespace {

namespace fs = std::filesystem;

Xapian::Database open_entry(const StubEntry& e, const fs::path& stub, const DatabaseOpenOptions& o) {
  if (e.remote()) {
    const auto colon = e.where.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == e.where.size())
      throw DatabaseError("expected HOST:PORT (the prog form is not supported)");
    std::string host = e.where.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    unsigned port = 0;
    try {
      const unsigned long p = std::stoul(e.where.substr(colon + 1));
      if (p == 0 || p > 65535) throw std::out_of_range("port");
      port = static_cast<unsigned>(p);
    } catch (const std::logic_error&) {
      throw DatabaseError("bad port in \"" + e.where + "\"");
    }
    return Xapian::Remote::open(host, port, o.remote_timeout_ms, o.connect_timeout_ms);
  }
  const fs::path p = stub_entry_path(e, stub);  // as Xapian does: relative to the stub's folder
  std::error_code ec;
  if (!fs::exists(p, ec)) throw DatabaseError(p.string() + " does not exist");
  return Xapian::Database(p.string());
}

// A shard that opened but was built otherwise than the first: an error
// even with allow_partial, which leaves out only shards that are down.
class IncompatibleShard : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// What a shard's metadata says about how its terms and values are laid out.
// Xapian answers get_metadata from the first shard of a combined database,
// so the searcher lays every query out by the first shard's: a shard built
// otherwise (schema 2's title terms beside schema 3's, another analyzer's
// stems, root terms on one only) would be searched wrongly without a word.
struct Layout {
  std::string schema, title_wdf, analyzer, stemmer, root_terms, root_analyzer;
  std::vector<std::string> fields;  // kMetaFields, split at commas

  explicit Layout(const Xapian::Database& db) {
    const auto meta = [&db](std::string_view key) { return db.get_metadata(std::string(key)); };
    schema = meta(schema::kMetaSchema);
    title_wdf = meta(schema::kMetaTitleWdf);
    analyzer = meta(schema::kMetaAnalyzer);
    stemmer = meta(schema::kMetaStemmer);
    root_terms = meta(schema::kMetaRootTerms) == "on" ? "on" : "off";
    if (root_terms == "on") root_analyzer = meta(schema::kMetaRootAnalyzer);
    const std::string record = meta(schema::kMetaFields);
    for (std::size_t at = 0; at < record.size();) {
      const std::size_t comma = std::min(record.find(',', at), record.size());
      fields.push_back(record.substr(at, comma - at));
      at = comma + 1;
    }
  }

  // The first difference from `first`, as "KEY A against B", or empty. A
  // field record only has to agree on the fields both hold (the indexer
  // numbers fields alike in every shard; one that saw fewer stops early).
  std::string difference(const Layout& first) const {
    const std::pair<std::string_view, std::pair<const std::string*, const std::string*>> keys[] = {
        {schema::kMetaSchema, {&schema, &first.schema}},
        {schema::kMetaTitleWdf, {&title_wdf, &first.title_wdf}},
        {schema::kMetaStemmer, {&stemmer, &first.stemmer}},
        {schema::kMetaAnalyzer, {&analyzer, &first.analyzer}},
        {schema::kMetaRootTerms, {&root_terms, &first.root_terms}},
        {schema::kMetaRootAnalyzer, {&root_analyzer, &first.root_analyzer}},
    };
    const auto shown = [](const std::string& v) { return v.empty() ? std::string("(none)") : "\"" + v + "\""; };
    for (const auto& [key, values] : keys)
      if (*values.first != *values.second)
        return std::string(key) + " " + shown(*values.first) + " against " + shown(*values.second);
    const std::size_t common = std::min(fields.size(), first.fields.size());
    for (std::size_t i = 0; i < common; ++i)
      if (fields[i] != first.fields[i])
        return std::string(schema::kMetaFields) + " " + shown(fields[i]) + " against " + shown(first.fields[i]);
    return {};
  }
};

}  // namespace

OpenedDatabase open_search_database(const std::string& path, const DatabaseOpenOptions& options) {
  OpenedDatabase out;
  std::error_code ec;
  fs::path stub;
  if (fs::is_regular_file(path, ec)) {
    stub = path;
  } else if (fs::is_directory(path, ec) && fs::is_regular_file(fs::path(path) / kStubFileName, ec)) {
    stub = fs::path(path) / kStubFileName;
  } else {
    out.db = Xapian::Database(path);
    out.shards.push_back(path);
    out.shard_remote.push_back(false);
    out.open_shard.push_back([path] { return Xapian::Database(path); });
    return out;
  }
  const std::vector<StubEntry> entries = read_stub_file(stub);
  const fs::path where = fs::absolute(stub);  // shards reopened later resolve the same way
  std::size_t opened = 0;
  std::optional<Layout> first_layout;
  std::string first_name;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const StubEntry& e = entries[i];
    out.shards.push_back(e.text());
    const std::string name =
        "shard " + std::to_string(i + 1) + " of " + std::to_string(entries.size()) + " (" + e.text() + ")";
    std::string why;
    try {
      Xapian::Database shard = open_entry(e, where, options);
      const Layout layout(shard);
      if (!first_layout) {
        first_layout = layout;
        first_name = name;
      } else if (const std::string d = layout.difference(*first_layout); !d.empty()) {
        throw IncompatibleShard(name + " in " + stub.string() + " was not built like " + first_name + ": " + d +
                                "; re-index it with the same fahras-index and options");
      }
      out.db.add_database(shard);
      out.shard_remote.push_back(e.remote());
      out.open_shard.push_back([e, where, options] { return open_entry(e, where, options); });
      ++opened;
      continue;
    } catch (const Xapian::Error& x) {
      why = x.get_description();
    } catch (const IncompatibleShard&) {
      throw;
    } catch (const DatabaseError& x) {
      why = x.what();
    }
    if (!options.allow_partial)
      throw DatabaseError(name + " in " + stub.string() + " is unavailable: " + why +
                          " (--allow-partial answers from the other shards)");
    out.missing.push_back(name + ": " + why);
  }
  if (opened == 0) throw DatabaseError("no shard of " + stub.string() + " is available: " + out.missing.front());
  return out;
}

}  // namespace fahras
