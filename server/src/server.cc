#include "fahras/server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <httplib.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "connection_stream.h"
#include "document_writer.h"
#include "fahras/cli_version.h"
#include "fahras/index_writer.h"
#include "fahras/input_reader.h"
#include "fahras/passage_record.h"
#include "fahras/result_writer.h"
#include "fahras/schema.h"
#include "fahras/search_diacritics.h"
#include "fahras/searcher.h"
#include "page.h"
#include "search_pool.h"

namespace fahras {
namespace {

using serve::Reply;
using Clock = std::chrono::steady_clock;
using json = nlohmann::ordered_json;

constexpr std::size_t kMaxSearchBody = 64 * 1024;  // a POST /search body is a query, not a corpus
constexpr int kRetryAfterSeconds = 1;
constexpr std::size_t kMaxFacets = 16;  // each facet is a count over the whole match set
constexpr std::string_view kSearchParameters =
    "q, limit, offset, all_passages, passage_text, snippets, snippet_bytes, count, spelling, diacritics, filter, "
    "sort, facet, facet_size, recency, recency_weight, db";

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Reply error_reply(int status, const std::string& message) {
  return Reply{status, dump(json{{"error", {{"status", status}, {"message", message}}}})};
}

// One search as a request asks for it: the library's request and what the
// server adds around it (which database, spelling, the answer's options).
struct SearchCall {
  SearchRequest request;
  std::size_t db = 0;
  bool passage_text = false;
  SpellingMode spelling = SpellingMode::kRelax;
  bool enforce_diacritics = false;  // diacritics=enforce, as fahras-search --diacritics
};

// A request the server refuses, with the status to answer.
struct Refusal {
  int status;
  std::string message;
};

// cpp-httplib's connection threads, counting the accepted connections that
// wait for one. A keep-alive connection keeps its thread between requests, so
// reconnecting every few requests is what lets waiting connections in; with
// nobody waiting it is only cost (an accept, a close and a thread hand-off per
// connection: 2-6% of the CPU per answer at one connection, docs/serving.md).
class ConnectionQueue final : public httplib::TaskQueue {
 public:
  explicit ConnectionQueue(std::size_t threads) : pool_(threads) {}
  void enqueue(std::function<void()> fn) override {
    waiting_.fetch_add(1, std::memory_order_relaxed);
    pool_.enqueue([this, fn = std::move(fn)] {
      waiting_.fetch_sub(1, std::memory_order_relaxed);
      fn();
    });
  }
  void shutdown() override { pool_.shutdown(); }
  bool someone_waits() const noexcept { return waiting_.load(std::memory_order_relaxed) > 0; }

 private:
  httplib::ThreadPool pool_;
  std::atomic<long> waiting_{0};
};

// The connection this thread serves (a thread serves one connection at a
// time, its requests one after another): its answers so far, and whether the
// last one told the client to close.
struct ThisConnection {
  unsigned answered = 0;
  bool closing = false;
};
thread_local ThisConnection this_connection;

// cpp-httplib 0.11 listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG,
// compiled into Debian's libcpp-httplib). When connections arrive faster
// than its accept loop takes them, as when 64 clients reconnect after
// "Connection: close", the kernel drops the sixth SYN and the client sends it
// again 1 s later, then 3 s: p99 over 1 s and clients' 2 s timeouts at 64
// connections (docs/serving.md), while the server's own queue (--queue, a 503
// when full) is what should bound the load. Linux updates a listening
// socket's backlog when listen() is called again; cpp-httplib keeps the
// socket in a protected member.
//
// Each accepted connection is served through serve::ConnectionStream rather
// than cpp-httplib's SocketStream: three system calls per answer instead of
// eleven (connection_stream.h). It overrides the virtual member cpp-httplib
// runs each connection through, process_and_close_socket, as cpp-httplib's
// own SSLServer does; request parsing, routing and answer writing
// (process_request) stay cpp-httplib's.
class HttpServer final : public httplib::Server {
 public:
  // Capped by the kernel at net.core.somaxconn (4096 by default).
  static constexpr int kListenBacklog = 1024;
  bool widen_backlog() { return ::listen(svr_sock_, kListenBacklog) == 0; }

 private:
  bool process_and_close_socket(socket_t sock) override {
    this_connection = {};
    bool ok = false;
    {
      serve::ConnectionStream conn(
          sock, std::chrono::seconds(read_timeout_sec_) + std::chrono::microseconds(read_timeout_usec_),
          std::chrono::seconds(write_timeout_sec_) + std::chrono::microseconds(write_timeout_usec_));
      // As cpp-httplib: at most keep_alive_max_count_ requests, the last
      // answered with "Connection: close". Unlike cpp-httplib 0.11, an answer
      // that says "Connection: close" is followed by the close (RFC 9112
      // 9.6), so a client that would send more anyway cannot keep the thread
      // from a connection that waits for it.
      for (std::size_t left = keep_alive_max_count_; left > 0 && !this_connection.closing; --left) {
        if (!conn.wait_for_request(std::chrono::seconds(keep_alive_timeout_sec_), svr_sock_)) break;
        bool closed = false;
        ok = process_request(conn, left == 1, closed, nullptr);
        ok = conn.flush() && ok;
        if (!ok || closed) break;
      }
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
  }
};

// Search latencies (request arrival to answer) of the last kWindow
// searches, for /stats' percentiles.
class LatencyWindow {
 public:
  void add(double ms) {
    std::lock_guard lock(mu_);
    if (ring_.size() < kWindow) {
      ring_.push_back(ms);
    } else {
      ring_[next_] = ms;
    }
    next_ = (next_ + 1) % kWindow;
  }
  json summary() const {
    std::vector<double> v;
    {
      std::lock_guard lock(mu_);
      v = ring_;
    }
    json j{{"window", v.size()}};
    if (v.empty()) return j;
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
      return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
    };
    j["p50"] = at(0.50);
    j["p90"] = at(0.90);
    j["p99"] = at(0.99);
    j["max"] = v.back();
    return j;
  }

 private:
  static constexpr std::size_t kWindow = 10000;
  mutable std::mutex mu_;
  std::vector<double> ring_;
  std::size_t next_ = 0;
};

// Counters for /stats.
struct Counters {
  std::atomic<std::uint64_t> searches{0}, search_ok{0}, search_refused{0}, search_failed{0}, overloaded{0},
      timed_out{0}, documents_read{0}, writes{0}, unauthorized{0};
};

// Parses a decimal count in 0..max; `name` for the message.
unsigned parse_count(std::string_view name, std::string_view s, unsigned max) {
  unsigned v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v > max)
    throw Refusal{400, std::string(name) + " must be a whole number from 0 to " + std::to_string(max) + ", not \"" +
                           std::string(s) + "\""};
  return v;
}

// Parses a decimal number in [0, max]; `name` for the message.
double parse_real(std::string_view name, std::string_view s, double max) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !(v >= 0 && v <= max))
    throw Refusal{400, std::string(name) + " must be a number from 0 to " + std::to_string(static_cast<long>(max)) +
                           ", not \"" + std::string(s) + "\""};
  return v;
}

// The library names fields options as fahras-search's (--filter, --sort,
// --facet, --recency); an HTTP client gave the parameters of those names.
std::string as_parameters(std::string message) {
  for (const std::string_view option : {"--filter", "--sort", "--facet", "--recency"}) {
    for (std::size_t at = message.find(option); at != std::string::npos; at = message.find(option, at))
      message.erase(at, 2);
  }
  return message;
}

bool parse_flag(std::string_view name, std::string_view s) {
  if (s == "true" || s == "1" || s.empty()) return true;
  if (s == "false" || s == "0") return false;
  throw Refusal{400, std::string(name) + " must be true or false, not \"" + std::string(s) + "\""};
}

// Whether `given` equals `expected`, in time independent of where they differ.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i)
    diff |= static_cast<unsigned char>(given[i] ^ expected[i % std::max<std::size_t>(1, expected.size())]);
  return diff == 0;
}

}  // namespace

void ServerOptions::validate() const {
  // Upper bounds also catch negative numbers, which Boost wraps to huge values.
  if (workers > 1024 || http_threads > 4096) throw UsageError("--workers must be 0..1024 and --http-threads 0..4096");
  if (queue > 100000) throw UsageError("--queue must be 0..100000");
  if (keep_alive_requests < 1 || keep_alive_requests > 1'000'000 || keep_alive_max < 1 || keep_alive_max > 1'000'000)
    throw UsageError("--keep-alive-requests and --keep-alive-max must be 1..1000000");
  if (keep_alive_max < keep_alive_requests) throw UsageError("--keep-alive-max must be at least --keep-alive-requests");
  if (time_limit_ms < 1 || time_limit_ms > 3'600'000) throw UsageError("--time-limit must be 1..3600000 ms");
  if (reopen_ms > 3'600'000 || commit_ms > 60'000)
    throw UsageError("--reopen-interval must be 0..3600000 ms and --commit-interval 0..60000 ms");
  if (max_body_bytes < 1024 || max_body_bytes > (std::size_t{1} << 30))
    throw UsageError("--max-body-bytes must be 1024..1073741824");
  if (max_query_bytes < 1 || max_query_bytes > 65536) throw UsageError("--max-query-bytes must be 1..65536");
  if (max_limit > 100000 || max_offset > 10'000'000)
    throw UsageError("--max-limit must be 0..100000 and --max-offset 0..10000000");
  if (snippet_bytes < 16 || snippet_bytes > 65536) throw UsageError("--snippet-bytes must be 16..65536");
  open.validate();
  ranking.validate();
}

struct Server::Impl {
  ServerOptions options;
  std::unique_ptr<serve::SearchPool> pool;
  std::vector<std::unique_ptr<serve::DocumentWriter>> writers;  // per database, when writable
  HttpServer http;
  int port = 0;
  Clock::time_point started = Clock::now();
  Counters counters;
  LatencyWindow latency;
  std::once_flag stop_once;
  // Set by cpp-httplib's listen before it accepts, owned by it.
  std::atomic<ConnectionQueue*> connections{nullptr};

  explicit Impl(ServerOptions o);
  void routes();

  // The database a request names (?db= or "db"), or refuse with 404.
  std::size_t database_index(const std::string& name) const {
    if (name.empty()) return 0;
    for (std::size_t i = 0; i < options.databases.size(); ++i)
      if (options.databases[i].name == name) return i;
    throw Refusal{404, "no database named \"" + name + "\" is served here"};
  }

  // Runs `work` with a search worker (on this connection's thread) within
  // the time limit.
  Reply run_task(std::size_t db, const serve::SearchPool::Work& work) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(options.time_limit_ms);
    serve::SearchPool::Result r = pool->run(db, work, deadline);
    switch (r.outcome) {
      case serve::SearchPool::Outcome::kAnswered: return std::move(r.reply);
      case serve::SearchPool::Outcome::kOverloaded:
        counters.overloaded.fetch_add(1);
        return error_reply(503, "the server is busy: " + std::to_string(options.queue) +
                                    " requests are already waiting; retry shortly");
      case serve::SearchPool::Outcome::kTimedOut: break;
    }
    counters.timed_out.fetch_add(1);
    return error_reply(
        503, "the request took longer than the time limit of " + std::to_string(options.time_limit_ms) + " ms");
  }

  Reply search(const SearchCall& call);
  SearchCall search_call(const std::vector<std::pair<std::string, std::string>>& fields) const;
  Reply document(std::size_t db, const std::string& id);
  Reply add_documents(const httplib::Request& req);
  Reply delete_document(const httplib::Request& req, const std::string& id);
  void authorize(const httplib::Request& req);
  json health() const;
  Reply stats();
  void send(httplib::Response& res, Reply&& r) const;
};

Server::Impl::Impl(ServerOptions o) : options(std::move(o)) {
  if (options.databases.empty()) throw ServerError("no database to serve (give --db)");
  std::set<std::string> names;
  for (const auto& d : options.databases)
    if (!names.insert(d.name).second) throw ServerError("two databases are named \"" + d.name + "\"");
  if (options.writable && options.token.empty()) throw ServerError("writes need a bearer token (--token-file)");
  if (options.workers == 0) options.workers = std::max(1u, std::thread::hardware_concurrency());
  if (options.http_threads == 0) options.http_threads = std::max(16u, 8 * options.workers);
  // Writers first: a new writable database exists (with its analyser
  // recorded) before the searchers open it.
  if (options.writable) {
    for (std::size_t i = 0; i < options.databases.size(); ++i) {
      writers.push_back(
          std::make_unique<serve::DocumentWriter>(options.databases[i].path, options.commit_ms, [this, i] {
            if (pool) pool->note_commit(i);
          }));
    }
  }
  pool = std::make_unique<serve::SearchPool>(options.databases, options.workers, options.queue, options.reopen_ms,
                                             options.open, options.ranking, options.synonyms_file);
  const unsigned threads = options.http_threads;
  http.new_task_queue = [this, threads] {
    auto* queue = new ConnectionQueue(threads);
    connections.store(queue);
    return queue;
  };
  http.set_payload_max_length(options.max_body_bytes);
  http.set_read_timeout(10, 0);
  http.set_write_timeout(10, 0);
  http.set_keep_alive_timeout(2);
  // The hard bound, for a client that ignores "Connection: close" (below).
  http.set_keep_alive_max_count(options.keep_alive_max);
  // Answers go out at once: with Nagle's algorithm a small answer waited
  // for the client's delayed ACK, about 40 ms per search on one connection
  // (scripts/bench-serve: 46 ms p50 over HTTP against 4.5 ms in process).
  http.set_tcp_nodelay(true);
  // cpp-httplib's default sets SO_REUSEPORT, which lets a second server
  // bind the same port and take half the connections: only SO_REUSEADDR
  // (restart while old connections linger), so a port in use is an error.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  routes();
  if (options.port == 0) {
    port = http.bind_to_any_port(options.host);
  } else if (http.bind_to_port(options.host, options.port)) {
    port = options.port;
  } else {
    port = -1;
  }
  if (port <= 0)
    throw ServerError("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                      " (address in use, or not an address of this machine)");
  if (!http.widen_backlog())
    throw ServerError("cannot listen on " + options.host + ":" + std::to_string(port) + ": " + std::strerror(errno));
}

void Server::Impl::send(httplib::Response& res, Reply&& r) const {
  res.status = r.status;
  // As set_content, without copying the body (cpp-httplib 0.11 takes only a copy).
  res.body = std::move(r.body);
  res.set_header("Content-Type", "application/json; charset=utf-8");
  if (r.status == 503) res.set_header("Retry-After", std::to_string(kRetryAfterSeconds));
  if (r.status == 401) res.set_header("WWW-Authenticate", "Bearer realm=\"fahras\"");
}

SearchCall Server::Impl::search_call(const std::vector<std::pair<std::string, std::string>>& fields) const {
  SearchCall call;
  call.spelling = options.spelling;
  SearchRequest& r = call.request;
  r.snippet_bytes = options.snippet_bytes;
  r.records = true;  // snippets=false still shows each hit's title and metadata
  bool have_query = false;
  std::set<std::string> seen;
  for (const auto& [key, value] : fields) {
    // filter and facet repeat (all filters hold; one count per facet).
    if (key != "filter" && key != "facet" && !seen.insert(key).second)
      throw Refusal{400, "\"" + key + "\" is given twice"};
    if (key == "q") {
      if (value.size() > options.max_query_bytes)
        throw Refusal{400, "the query is " + std::to_string(value.size()) + " bytes; the limit is " +
                               std::to_string(options.max_query_bytes)};
      r.query = value;
      have_query = true;
    } else if (key == "limit") {
      r.limit = parse_count("limit", value, options.max_limit);
    } else if (key == "offset") {
      r.offset = parse_count("offset", value, options.max_offset);
    } else if (key == "all_passages") {
      r.all_passages = parse_flag("all_passages", value);
    } else if (key == "passage_text") {
      call.passage_text = parse_flag("passage_text", value);
    } else if (key == "snippets") {
      // false: hits without a snippet or highlights (an application that
      // shows its own text); the passage's title and metadata stay.
      r.snippets = parse_flag("snippets", value);
    } else if (key == "count") {
      // estimate: Xapian's estimate and bounds, without the second match
      // that makes a small count exact (SearchRequest::exact_count).
      if (value != "exact" && value != "estimate")
        throw Refusal{400, "count must be exact or estimate, not \"" + value + "\""};
      r.exact_count = value == "exact";
    } else if (key == "snippet_bytes") {
      r.snippet_bytes = std::max(16u, parse_count("snippet_bytes", value, 65536));
    } else if (key == "db") {
      call.db = database_index(value);
    } else if (key == "spelling") {
      try {
        call.spelling = parse_spelling_mode(value);
      } catch (const std::invalid_argument& e) {
        throw Refusal{400, std::string("spelling: ") + e.what()};
      }
    } else if (key == "diacritics") {
      if (value != "ignore" && value != "enforce")
        throw Refusal{400, "diacritics must be ignore or enforce, not \"" + value + "\""};
      call.enforce_diacritics = value == "enforce";
    } else if (key == "filter") {
      // Checked against the database's fields by the search (400 naming it).
      if (value.size() > options.max_query_bytes)
        throw Refusal{400, "filter \"" + value.substr(0, 64) + "...\" is " + std::to_string(value.size()) +
                               " bytes; the limit is " + std::to_string(options.max_query_bytes)};
      r.fields.filters.push_back(value);
    } else if (key == "sort") {
      try {
        r.fields.sort = parse_sort(value);
      } catch (const std::invalid_argument& e) {
        throw Refusal{400, as_parameters(e.what()) + " (sort=relevance, FIELD or -FIELD)"};
      }
    } else if (key == "facet") {
      if (r.fields.facets.size() >= kMaxFacets)
        throw Refusal{400, "facet: at most " + std::to_string(kMaxFacets) + " facets per search"};
      try {
        r.fields.facets.push_back(parse_facet(value));
      } catch (const std::invalid_argument& e) {
        throw Refusal{400, as_parameters(e.what()) + " (facet=FIELD or FIELD:day|month|year)"};
      }
    } else if (key == "facet_size") {
      r.fields.facet_limit = parse_count("facet_size", value, 100000);
      if (r.fields.facet_limit == 0)
        throw Refusal{400, "facet_size must be a whole number from 1 to 100000, not \"0\""};
    } else if (key == "recency") {
      r.fields.recency.half_life_days = parse_real("recency", value, 1e6);
    } else if (key == "recency_weight") {
      r.fields.recency.weight = parse_real("recency_weight", value, 1e6);
    } else {
      throw Refusal{400, "unknown parameter \"" + key + "\" (known: " + std::string(kSearchParameters) + ")"};
    }
  }
  // As fahras-search: filters alone list what they let through.
  if (!have_query && r.fields.filters.empty()) throw Refusal{400, "no query: give q (e.g. /search?q=...) or a filter"};
  return call;
}

Reply Server::Impl::search(const SearchCall& call) {
  WriterOptions wopt;
  wopt.format = OutputFormat::kJson;
  wopt.passage_text = call.passage_text;
  SpellingOptions spelling;
  spelling.mode = call.spelling;
  const SearchRequest& request = call.request;
  const bool enforce = call.enforce_diacritics;
  // Runs on this thread before run_task returns: the request is not copied.
  return run_task(call.db, [&request, &wopt, &spelling, enforce](Searcher& s) -> Reply {
    try {
      // Each request sets it: the worker's Searcher serves every request.
      s.set_spelling(spelling);
      // Marks typed in the query must be on those letters of the passage
      // (an empty filter when none were typed), as fahras-search's.
      SearchResults results;
      if (enforce) {
        const DiacriticFilter marks(vocalised_query_words(request.query));
        SearchRequest r = request;
        r.match_decider = &marks;
        results = s.search(r);
      } else {
        results = s.search(request);
      }
      return Reply{200, answer_json_text(request, results, wopt)};
    } catch (const QueryError& e) {
      return error_reply(400, as_parameters(e.what()));
    } catch (const DatabaseError& e) {
      return error_reply(500, e.what());
    } catch (const Xapian::Error& e) {
      return error_reply(500, e.get_description());
    } catch (const std::exception& e) {
      return error_reply(500, e.what());
    }
  });
}

Reply Server::Impl::document(std::size_t db, const std::string& id) {
  if (id.empty() || id.size() > schema::kMaxDocIdBytes)
    return error_reply(400, "a document id is 1 to " + std::to_string(schema::kMaxDocIdBytes) + " bytes");
  return run_task(db, [id](Searcher& s) -> Reply {
    try {
      const Xapian::Database& d = s.database();
      const std::string term = doc_id_term(id);
      std::vector<PassageRecord> passages;
      for (auto it = d.postlist_begin(term); it != d.postlist_end(term); ++it)
        passages.push_back(decode_passage_record(d.get_document(*it).get_data()));
      if (passages.empty()) return error_reply(404, "no document with id \"" + id + "\"");
      std::sort(passages.begin(), passages.end(),
                [](const PassageRecord& a, const PassageRecord& b) { return a.passage_no < b.passage_no; });
      json metadata = json::object();
      for (const auto& p : passages) {
        if (p.metadata_json.empty()) continue;
        metadata = json::parse(p.metadata_json, nullptr, false);
        if (metadata.is_discarded()) metadata = json::object();
        break;
      }
      json list = json::array();
      for (const auto& p : passages)
        list.push_back({{"passage", p.passage_no}, {"source_range", {p.begin, p.end}}, {"text", p.text}});
      json j{{"id", id},
             {"title", passages.front().title},
             {"metadata", std::move(metadata)},
             {"passage_count", passages.front().passage_count},
             {"passages", std::move(list)}};
      return Reply{200, dump(j)};
    } catch (const Xapian::Error& e) {
      return error_reply(500, e.get_description());
    } catch (const std::exception& e) {
      return error_reply(500, e.what());
    }
  });
}

void Server::Impl::authorize(const httplib::Request& req) {
  if (!options.writable)
    throw Refusal{403, "this server is read-only (start fahras-serve with --writable --token-file FILE)"};
  const std::string auth = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.compare(0, kBearer.size(), kBearer) != 0 ||
      !same_secret(std::string_view(auth).substr(kBearer.size()), options.token)) {
    counters.unauthorized.fetch_add(1);
    throw Refusal{401, auth.empty() ? "writes need the header Authorization: Bearer TOKEN"
                                    : "the bearer token is not the one this server was given"};
  }
}

Reply Server::Impl::add_documents(const httplib::Request& req) {
  authorize(req);
  // Only ?db= is read from the URL (cpp-httplib also parses a form-encoded
  // body into parameters, so others cannot be refused as unknown).
  const std::size_t db = database_index(req.get_param_value("db"));
  std::vector<SourceDocument> docs;
  std::string why;
  const std::string_view body = req.body;
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) throw Refusal{400, "the body holds no documents"};
  if (body[first] == '[') {
    // A JSON array: each element goes through the JSON Lines parser, so the
    // fields and checks are exactly fahras-index's.
    const json array = json::parse(body, nullptr, false);
    if (array.is_discarded() || !array.is_array())
      throw Refusal{400, "the body starts with '[' but is not a valid JSON array"};
    std::size_t n = 0;
    for (const auto& item : array) {
      ++n;
      SourceDocument doc;
      if (!parse_jsonl_document(dump(item), "item " + std::to_string(n), doc, why))
        throw Refusal{400, "item " + std::to_string(n) + " of the array: " + why};
      docs.push_back(std::move(doc));
    }
  } else {
    std::size_t line_no = 0, begin = 0;
    while (begin < body.size()) {
      std::size_t end = body.find('\n', begin);
      if (end == std::string_view::npos) end = body.size();
      std::string_view line = body.substr(begin, end - begin);
      begin = end + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      SourceDocument doc;
      if (!parse_jsonl_document(line, "line " + std::to_string(line_no), doc, why))
        throw Refusal{400, "line " + std::to_string(line_no) + " of the body: " + why};
      docs.push_back(std::move(doc));
    }
  }
  if (docs.empty()) throw Refusal{400, "the body holds no documents"};
  const std::size_t n = docs.size();
  const serve::WriteOutcome out = writers[db]->add(std::move(docs));
  if (!out.ok) return error_reply(500, "not written: " + out.error);
  counters.writes.fetch_add(1);
  return Reply{200, dump(json{{"indexed", n}, {"revision", out.revision}, {"durable", true}})};
}

Reply Server::Impl::delete_document(const httplib::Request& req, const std::string& id) {
  authorize(req);
  const std::size_t db = database_index(req.get_param_value("db"));
  if (id.empty() || id.size() > schema::kMaxDocIdBytes)
    throw Refusal{400, "a document id is 1 to " + std::to_string(schema::kMaxDocIdBytes) + " bytes"};
  const serve::WriteOutcome out = writers[db]->remove(id);
  if (!out.ok) return error_reply(500, "not deleted: " + out.error);
  if (!out.existed) return error_reply(404, "no document with id \"" + id + "\"");
  counters.writes.fetch_add(1);
  return Reply{200, dump(json{{"deleted", id}, {"revision", out.revision}, {"durable", true}})};
}

json Server::Impl::health() const {
  json dbs = json::array();
  for (std::size_t i = 0; i < options.databases.size(); ++i) {
    json d{{"name", options.databases[i].name}, {"revision_searched", pool->revision(i)}};
    d["writable"] = options.writable;
    d["last_durable_commit"] = options.writable ? writers[i]->durable_revision() : pool->revision(i);
    dbs.push_back(std::move(d));
  }
  const double up = std::chrono::duration<double>(Clock::now() - started).count();
  return json{{"status", "ok"}, {"uptime_seconds", up}, {"databases", std::move(dbs)}};
}

Reply Server::Impl::stats() {
  json dbs = json::array();
  for (std::size_t i = 0; i < options.databases.size(); ++i) {
    // Counting documents walks the id terms, so it runs on a worker (with
    // that worker's database) like any read; the typed fields come along
    // (what filter=, sort= and facet= may name; the page facets by them).
    const Reply counted = run_task(i, [](Searcher& s) -> Reply {
      try {
        const Xapian::Database& d = s.database();
        const std::string prefix(schema::kDocIdPrefix);
        std::uint64_t n = 0;
        for (auto it = d.allterms_begin(prefix); it != d.allterms_end(prefix); ++it) ++n;
        json fields = json::array();
        for (const FieldSpec& f : s.fields().fields())
          fields.push_back({{"name", f.name}, {"type", std::string(to_string(f.type))}});
        // The database's own schema version: 2 and 3 are both searched (schema.h).
        const std::string version = d.get_metadata(std::string(schema::kMetaSchema));
        return Reply{200, dump(json{{"documents", n},
                                    {"fields", std::move(fields)},
                                    {"schema_version", version.empty() ? 0 : std::stoi(version)}})};
      } catch (const Xapian::Error& e) {
        return error_reply(500, e.get_description());
      }
    });
    if (counted.status != 200) return counted;
    json read = json::parse(counted.body);
    json d{{"name", options.databases[i].name},
           {"documents", read["documents"]},
           {"fields", read["fields"]},
           {"passages", pool->passages(i)},
           {"revision", pool->revision(i)},
           {"analyzer", pool->analyzer_config(i)},
           {"schema_version", read["schema_version"]},
           {"writable", options.writable}};
    if (options.writable) d["commits"] = writers[i]->commits();
    dbs.push_back(std::move(d));
  }
  const auto& c = counters;
  json j{{"version", version_line("fahras-serve")},
         {"uptime_seconds", std::chrono::duration<double>(Clock::now() - started).count()},
         {"workers", pool->workers()},
         {"queue", {{"capacity", options.queue}, {"waiting", pool->queued()}}},
         {"databases", std::move(dbs)},
         {"requests",
          {{"searches", c.searches.load()},
           {"searches_answered", c.search_ok.load()},
           {"searches_refused", c.search_refused.load()},
           {"searches_failed", c.search_failed.load()},
           {"overloaded", c.overloaded.load()},
           {"timed_out", c.timed_out.load()},
           {"documents_read", c.documents_read.load()},
           {"writes", c.writes.load()},
           {"unauthorized", c.unauthorized.load()}}},
         {"search_latency_ms", latency.summary()}};
  return Reply{200, dump(j)};
}

void Server::Impl::routes() {
  // Every handler answers through `guard`: a Refusal becomes its status,
  // anything unexpected a 500, always with a JSON body.
  const auto guard = [this](auto&& body) {
    return [this, body](const httplib::Request& req, httplib::Response& res) {
      Reply r;
      try {
        r = body(req);
      } catch (const Refusal& e) {
        r = error_reply(e.status, e.message);
      } catch (const std::exception& e) {
        r = error_reply(500, e.what());
      }
      send(res, std::move(r));
    };
  };
  const auto searching = [this](auto fields_of) {
    return [this, fields_of](const httplib::Request& req) {
      const auto t0 = Clock::now();
      counters.searches.fetch_add(1);
      Reply r;
      try {
        r = search(search_call(fields_of(req)));
      } catch (const Refusal& e) {
        r = error_reply(e.status, e.message);
      }
      if (r.status == 200) {
        counters.search_ok.fetch_add(1);
        latency.add(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      } else if (r.status < 500) {
        counters.search_refused.fetch_add(1);
      } else if (r.status != 503) {
        counters.search_failed.fetch_add(1);
      }
      return r;
    };
  };
  http.Get("/search", guard(searching([](const httplib::Request& req) {
             return std::vector<std::pair<std::string, std::string>>(req.params.begin(), req.params.end());
           })));
  http.Post("/search", guard(searching([](const httplib::Request& req) {
              if (req.body.size() > kMaxSearchBody)
                throw Refusal{413, "a search body is at most " + std::to_string(kMaxSearchBody) + " bytes"};
              const json body = json::parse(req.body, nullptr, false);
              if (body.is_discarded() || !body.is_object())
                throw Refusal{400, "the body must be a JSON object such as {\"q\": \"...\", \"limit\": 10}"};
              std::vector<std::pair<std::string, std::string>> fields;
              for (const auto& [key, value] : body.items()) {
                if (value.is_string()) {
                  fields.emplace_back(key, value.get<std::string>());
                } else if (value.is_number() || value.is_boolean()) {
                  fields.emplace_back(key, value.dump());
                } else if (value.is_array() && (key == "filter" || key == "facet")) {
                  for (const auto& item : value) {
                    if (!item.is_string())
                      throw Refusal{400, "\"" + key + "\" must be a string or an array of strings"};
                    fields.emplace_back(key, item.get<std::string>());
                  }
                } else {
                  throw Refusal{400,
                                "\"" + key + "\" must be a string, a number or a boolean" +
                                    std::string(key == "filter" || key == "facet" ? ", or an array of strings" : "")};
                }
              }
              return fields;
            })));
  http.Get(R"(/documents/(.+))", guard([this](const httplib::Request& req) {
             counters.documents_read.fetch_add(1);
             for (const auto& [key, value] : req.params)
               if (key != "db") throw Refusal{400, "unknown parameter \"" + key + "\" (known: db)"};
             return document(database_index(req.get_param_value("db")), req.matches[1]);
           }));
  http.Post("/documents", guard([this](const httplib::Request& req) { return add_documents(req); }));
  http.Delete(R"(/documents/(.+))",
              guard([this](const httplib::Request& req) { return delete_document(req, req.matches[1]); }));
  http.Get("/health", guard([this](const httplib::Request&) { return Reply{200, dump(health())}; }));
  http.Get("/stats", guard([this](const httplib::Request&) { return stats(); }));
  http.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(serve::search_page()), "text/html; charset=utf-8");
    // The page may talk to this server only: no outside requests, ever.
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; connect-src 'self'; img-src 'self' data:; "
                   "style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'self'");
    res.set_header("X-Content-Type-Options", "nosniff");
  });
  if (!options.cors_origins.empty()) {
    http.Options(R"(.*)", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
  }
  // Statuses set by cpp-httplib itself (404 no route, 413 body too large,
  // 400 malformed request) get a JSON body like ours.
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string message;
    switch (res.status) {
      case 404:
        message = "no such route: " + req.method + " " + req.path +
                  " (routes: GET /, GET|POST /search, GET|DELETE /documents/{id}, POST /documents, "
                  "GET /health, GET /stats)";
        break;
      case 413: message = "the request body is larger than the server's limit"; break;
      case 414: message = "the request line is too long"; break;
      default: message = "the request was refused (HTTP " + std::to_string(res.status) + ")";
    }
    res.set_content(dump(json{{"error", {{"status", res.status}, {"message", message}}}}),
                    "application/json; charset=utf-8");
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(R"({"error":{"status":500,"message":"internal error"}})", "application/json; charset=utf-8");
  });
  http.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    // Every answer passes here, after cpp-httplib's own Connection or
    // Keep-Alive header. The server closes a connection once it answered
    // "Connection: close" (HttpServer), which frees its thread for one that
    // waits.
    const unsigned answered = ++this_connection.answered;
    const ConnectionQueue* queue = connections.load(std::memory_order_relaxed);
    if (answered >= options.keep_alive_requests && queue && queue->someone_waits() &&
        res.get_header_value("Connection") != "close") {
      res.headers.erase("Keep-Alive");
      res.set_header("Connection", "close");
      this_connection.closing = true;
    }
    if (options.cors_origins.empty()) return;
    const std::string origin = req.get_header_value("Origin");
    const bool any =
        std::find(options.cors_origins.begin(), options.cors_origins.end(), "*") != options.cors_origins.end();
    if (origin.empty() && !any) return;
    if (any ||
        std::find(options.cors_origins.begin(), options.cors_origins.end(), origin) != options.cors_origins.end()) {
      res.set_header("Access-Control-Allow-Origin", any ? "*" : origin);
      res.set_header("Vary", "Origin");
      res.set_header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
      res.set_header("Access-Control-Allow-Headers", "Content-Type, Authorization");
      res.set_header("Access-Control-Max-Age", "600");
    }
  });
}

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { stop(); }

int Server::port() const noexcept { return impl_->port; }

void Server::run() {
  impl_->http.listen_after_bind();
  // listen_after_bind returns once stop() closed the socket and every
  // connection thread finished its request.
  impl_->pool->shutdown();
  std::string failures;
  for (auto& w : impl_->writers) {
    try {
      w->shutdown();
    } catch (const std::exception& e) {
      failures += std::string(failures.empty() ? "" : "; ") + e.what();
    } catch (const Xapian::Error& e) {
      failures += std::string(failures.empty() ? "" : "; ") + e.get_description();
    }
  }
  if (!failures.empty()) throw ServerError("closing the database failed: " + failures);
}

void Server::stop() {
  std::call_once(impl_->stop_once, [this] { impl_->http.stop(); });
}

}  // namespace fahras
