// fahras-serve's HTTP service: searches, documents, health and statistics
// as JSON over HTTP/1.1 (cpp-httplib), the search page at "/", and, when
// writable, document additions and deletions acknowledged once committed.
// The routes, statuses and limits are documented in docs/serving.md and
// docs/openapi.json.
//
// Searches run on a pool of worker threads, each with its own Searcher per
// database (Xapian objects are not thread-safe), fed by a bounded queue:
// when it is full the answer is 503 with Retry-After. Writes go to one
// writer thread per database, which batches them into commits.
//
// Ownership: a Server owns its threads, Searchers and writers. Thread
// safety: construct and run() on one thread; stop() may be called from any
// thread (not from a signal handler: use a thread that waits for signals).
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "fahras/error.h"
#include "fahras/query_builder.h"
#include "fahras/search_database.h"
#include "fahras/suggester.h"

namespace fahras {

// A configuration the server cannot start with (bad listen address, port
// in use, unreadable token file, duplicate database name...).
class ServerError : public Error {
 public:
  using Error::Error;
};

struct ServedDatabase {
  std::string name;  // what requests pass as ?db=NAME
  std::string path;  // never derived from a request
};

struct ServerOptions {
  std::vector<ServedDatabase> databases;  // the first answers requests without ?db=
  std::string host = "127.0.0.1";
  int port = 8080;            // 0: the system picks one (see Server::port())
  unsigned workers = 0;       // search threads; 0: one per core
  unsigned http_threads = 0;  // connection threads; 0: max(16, 8 x workers)
  // A keep-alive connection holds a connection thread while it lasts. While
  // another connection waits for a thread, one is closed after
  // keep_alive_requests requests (cpp-httplib's default, 5), so connections
  // beyond http_threads take turns; while none waits, it stays open for up to
  // keep_alive_max, which saves reconnecting (docs/serving.md, "Keep-alive
  // length").
  unsigned keep_alive_requests = 5;
  unsigned keep_alive_max = 1000;
  std::size_t queue = 64;          // searches waiting for a worker before 503
  unsigned time_limit_ms = 10000;  // a search answers 503 when not done by then
  unsigned reopen_ms = 1000;       // workers look for new commits at least this often
  std::size_t max_body_bytes = std::size_t{16} << 20;
  std::size_t max_query_bytes = 4096;
  unsigned max_limit = 1000;
  unsigned max_offset = 100000;
  std::size_t snippet_bytes = 320;
  // Spelling of searches that do not say (?spelling=off|suggest|relax), as
  // fahras-search --spelling.
  SpellingMode spelling = SpellingMode::kRelax;
  std::vector<std::string> cors_origins;  // empty: no CORS headers; "*": any origin
  bool writable = false;
  std::string token;         // bearer token for writes (required when writable)
  unsigned commit_ms = 100;  // the writer gathers writes this long into one commit
  DatabaseOpenOptions open;
  // Ranking of every search, as fahras-search's options (variants on or
  // off, their weights); checked by validate().
  RankingOptions ranking;
  // A synonyms file (synonyms.h), read with each database's analyser when
  // the server starts; empty: none. A bad line fails the start (SynonymsError).
  std::string synonyms_file;

  // Throws UsageError, naming the fahras-serve option, for a value out of
  // range (thread counts, queue, time limits, sizes, timeouts).
  void validate() const;
};

class Server {
 public:
  // Opens every database on every worker and binds the listening socket.
  // Throws ServerError, DatabaseError (searcher.h) or IndexError
  // (index_writer.h, writable databases).
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The port bound (useful with port 0).
  int port() const noexcept;

  // Serves until stop(); then finishes the requests in flight, commits
  // pending writes and returns. Throws ServerError if a writer failed to
  // commit at the end.
  void run();

  // Stops accepting connections; run() returns once in-flight requests are
  // done. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fahras
