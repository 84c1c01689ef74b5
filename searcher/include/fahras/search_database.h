// Opens what fahras-search --db names: a glass database folder, a sharded
// database folder (DIR/XAPIANDB stub), or a Xapian stub file listing local
// shards ("auto PATH") and remote ones ("remote HOST:PORT", served by
// xapian-tcpsrv). Xapian combines the statistics of all shards, so scores
// equal those of one database holding every document.
//
// Each shard is opened here rather than by Xapian's stub reader, so remote
// shards get bounded timeouts (a server that accepts but never answers
// cannot hang a search) and a failing shard can be named and, with
// allow_partial, left out.
//
// Ownership: OpenedDatabase owns its Xapian::Database. Thread safety: the
// function is thread-safe; the database it returns is for one thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <xapian.h>

namespace fahras {

struct DatabaseOpenOptions {
  bool allow_partial = false;          // answer from the shards that open
  unsigned remote_timeout_ms = 10000;  // any one remote operation
  unsigned connect_timeout_ms = 5000;  // connecting and the first exchange

  // Throws UsageError for a timeout above an hour.
  void validate() const;
};

struct OpenedDatabase {
  Xapian::Database db;
  std::vector<std::string> shards;   // every shard the stub lists, as written there
  std::vector<std::string> missing;  // "SHARD: why", for shards left out (allow_partial)
  // One entry per shard in `db`, in its order (Xapian numbers documents
  // across shards by that order): whether it is remote, and how to open
  // another connection to it (for reads spread over several connections;
  // throws like open_search_database).
  std::vector<bool> shard_remote;
  std::vector<std::function<Xapian::Database()>> open_shard;

  // Some open shard is remote: each read is a round trip.
  bool remote() const {
    for (const bool r : shard_remote)
      if (r) return true;
    return false;
  }
};

// Throws DatabaseError (searcher.h) naming the shard that failed, or when
// every shard failed.
OpenedDatabase open_search_database(const std::string& path, const DatabaseOpenOptions& options);

}  // namespace fahras
