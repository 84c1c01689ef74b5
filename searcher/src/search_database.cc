#include "fahras/search_database.h"

#include <filesystem>

#include "fahras/error.h"
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
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const StubEntry& e = entries[i];
    out.shards.push_back(e.text());
    std::string why;
    try {
      out.db.add_database(open_entry(e, where, options));
      out.shard_remote.push_back(e.remote());
      out.open_shard.push_back([e, where, options] { return open_entry(e, where, options); });
      ++opened;
      continue;
    } catch (const Xapian::Error& x) {
      why = x.get_description();
    } catch (const DatabaseError& x) {
      why = x.what();
    }
    const std::string name =
        "shard " + std::to_string(i + 1) + " of " + std::to_string(entries.size()) + " (" + e.text() + ")";
    if (!options.allow_partial)
      throw DatabaseError(name + " in " + stub.string() + " is unavailable: " + why +
                          " (--allow-partial answers from the other shards)");
    out.missing.push_back(name + ": " + why);
  }
  if (opened == 0) throw DatabaseError("no shard of " + stub.string() + " is available: " + out.missing.front());
  return out;
}

}  // namespace fahras
