// fahras-serve: Arabic search over HTTP. The work is in fahras_server; this
// file is the command line, the token file and the signals.
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>
#include <boost/program_options.hpp>

#include "fahras/cli_version.h"
#include "fahras/exit_status.h"
#include "fahras/fault_guard.h"
#include "fahras/mapped_reads.h"
#include "fahras/searcher.h"
#include "fahras/server.h"

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: fahras-serve --db DB [--db NAME=DB ...] [--listen HOST:PORT] [options]\n"
    "\n"
    "Serves fahras databases over HTTP with a JSON API and a search page at /:\n"
    "  GET  /search?q=...&limit=&offset=   (or POST /search with a JSON body)\n"
    "       &filter=&sort=&facet=&spelling=  as fahras-search's --filter, --sort, --facet, --spelling\n"
    "  GET  /documents/ID                  a document's passages\n"
    "  GET  /health, GET /stats            liveness and last durable commit; counts and latency\n"
    "  POST /documents, DELETE /documents/ID   with --writable and a bearer token only\n"
    "Several databases: --db news=news.db --db quran=quran.db, then ?db=quran\n"
    "(the first answers requests without db=). See docs/serving.md.\n"
    "\n"
    "Options";

constexpr const char* kExamples = R"(
Examples:
  fahras-serve --db out/sample.db
  fahras-serve --db news=news.db --db quran=quran.db --listen 127.0.0.1:0
  fahras-serve --db news.db --writable --token-file /etc/fahras/token --cors-origin https://example.org

Exit status:
  0  stopped by SIGTERM or SIGINT after finishing the requests in flight
  1  could not start (database, address or token file), or the final commit failed
  2  bad usage
)";

// "HOST:PORT", "[v6]:PORT" or ":PORT" (127.0.0.1).
void parse_listen(const std::string& s, fahras::ServerOptions& o) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos) throw po::error("--listen must be HOST:PORT, not \"" + s + "\"");
  std::string host = s.substr(0, colon);
  const std::string port = s.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "127.0.0.1";
  char* end = nullptr;
  const long p = std::strtol(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p < 0 || p > 65535)
    throw po::error("--listen port must be 0..65535, not \"" + port + "\"");
  o.host = host;
  o.port = static_cast<int>(p);
}

// "NAME=DB" or "DB" (named "default"; only one may be unnamed).
void parse_databases(const std::vector<std::string>& args, fahras::ServerOptions& o) {
  for (const auto& a : args) {
    const auto eq = a.find('=');
    fahras::ServedDatabase d;
    if (eq == std::string::npos) {
      d.name = "default";
      d.path = a;
    } else {
      d.name = a.substr(0, eq);
      d.path = a.substr(eq + 1);
      if (d.name.empty() ||
          d.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") !=
              std::string::npos)
        throw po::error("--db NAME must be letters, digits, '_', '-' or '.', not \"" + d.name + "\"");
    }
    if (d.path.empty()) throw po::error("--db \"" + a + "\" names no database folder");
    o.databases.push_back(std::move(d));
  }
}

// The token: the file's first line, without surrounding white space.
std::string read_token(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw fahras::ServerError("cannot read token file " + path);
  std::string token;
  std::getline(in, token);
  const auto b = token.find_first_not_of(" \t\r");
  const auto e = token.find_last_not_of(" \t\r");
  token = b == std::string::npos ? "" : token.substr(b, e - b + 1);
  if (token.size() < 16)
    throw fahras::ServerError("token file " + path + " must hold a token of at least 16 characters on its first line");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    std::cerr << "fahras-serve: warning: token file " << path << " is readable by other users (chmod 600 it)\n";
  return token;
}

}  // namespace

int main(int argc, char** argv) {
  fahras::ServerOptions o;
  std::vector<std::string> dbs, cors;
  std::string listen = "127.0.0.1:8080", token_file, spelling = "relax", variants = "on";
  po::options_description visible(kUsage);
  // clang-format off
  visible.add_options()
    ("help,h", "show this help")
    ("version", "show the version (with the analyser's) and exit")
    ("db,d", po::value(&dbs)->value_name("[NAME=]DB"), "a database to serve (repeat for several)")
    ("listen,l", po::value(&listen)->default_value(listen), "address and port; port 0 picks a free one")
    ("workers", po::value(&o.workers)->default_value(0), "searches run at once, each worker with its own database handles (0: one per core)")
    ("http-threads", po::value(&o.http_threads)->default_value(0), "connection threads (0: max(16, 8 x workers))")
    ("keep-alive-requests", po::value(&o.keep_alive_requests)->default_value(o.keep_alive_requests), "requests a keep-alive connection may send while another connection waits for a thread")
    ("keep-alive-max", po::value(&o.keep_alive_max)->default_value(o.keep_alive_max), "requests a keep-alive connection may send at most")
    ("queue", po::value(&o.queue)->default_value(o.queue), "searches that may wait in line for a worker; beyond that: 503 with Retry-After")
    ("time-limit", po::value(&o.time_limit_ms)->default_value(o.time_limit_ms), "milliseconds a request may take before it is answered 503")
    ("reopen-interval", po::value(&o.reopen_ms)->default_value(o.reopen_ms), "milliseconds between looks for commits by other processes")
    ("max-body-bytes", po::value(&o.max_body_bytes)->default_value(o.max_body_bytes), "largest request body (413 beyond)")
    ("max-query-bytes", po::value(&o.max_query_bytes)->default_value(o.max_query_bytes), "longest query")
    ("max-limit", po::value(&o.max_limit)->default_value(o.max_limit), "largest limit= a search may ask for")
    ("max-offset", po::value(&o.max_offset)->default_value(o.max_offset), "largest offset= a search may ask for")
    ("snippet-bytes", po::value(&o.snippet_bytes)->default_value(o.snippet_bytes), "default snippet length in bytes")
    ("spelling", po::value(&spelling)->default_value(spelling), "default for searches without spelling=: off, suggest (did you mean) or relax\n(also search the correction of a rare or absent word), as fahras-search --spelling")
    ("variants", po::value(&variants)->default_value(variants), "on | off: also search spelling variants of names and loanwords\n(ترامب/ترمب), below the spelling typed, as fahras-search --variants")
    ("synonyms", po::value(&o.synonyms_file)->value_name("FILE"), "groups of synonyms, one group per line (جوال موبايل هاتف), searched below\nthe word typed, as fahras-search --synonyms")
    ("cors-origin", po::value(&cors)->value_name("ORIGIN"), "allow browser pages from ORIGIN (repeat; * for any); no CORS headers otherwise")
    ("writable", po::bool_switch(&o.writable), "accept POST /documents and DELETE /documents/ID (needs --token-file)")
    ("token-file", po::value(&token_file)->value_name("FILE"), "file holding the bearer token writes must present")
    ("commit-interval", po::value(&o.commit_ms)->default_value(o.commit_ms), "milliseconds the writer gathers writes into one commit")
    ("allow-partial", po::bool_switch(&o.open.allow_partial), "sharded --db: answer from the shards that are up, marked partial")
    ("remote-timeout", po::value(&o.open.remote_timeout_ms)->default_value(o.open.remote_timeout_ms), "milliseconds a remote shard may take for any one operation")
    ("connect-timeout", po::value(&o.open.connect_timeout_ms)->default_value(o.open.connect_timeout_ms), "milliseconds to connect to a remote shard");
  // clang-format on
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(visible).run(), vm);
    if (vm.count("help")) {
      std::cout << visible << kExamples;
      return fahras::kExitSuccess;
    }
    if (vm.count("version")) {
      std::cout << fahras::version_line("fahras-serve") << '\n';
      return fahras::kExitSuccess;
    }
    po::notify(vm);
    if (dbs.empty()) throw po::error("no database given (--db DB)");
    parse_databases(dbs, o);
    parse_listen(listen, o);
    o.cors_origins = cors;
    try {
      o.spelling = fahras::parse_spelling_mode(spelling);
    } catch (const std::invalid_argument& e) {
      throw po::error(std::string("--spelling: ") + e.what());
    }
    if (variants != "on" && variants != "off")
      throw po::error("--variants must be on or off, not \"" + variants + "\"");
    o.ranking.variants = variants == "on";
    o.validate();
    if (o.writable && token_file.empty()) throw po::error("--writable needs --token-file FILE");
    if (!o.writable && !token_file.empty()) throw po::error("--token-file is only for --writable");
  } catch (const std::exception& e) {
    std::cerr << "fahras-serve: " << e.what() << "\n(see fahras-serve --help)\n";
    return fahras::kExitUsage;
  }

  // Signals are taken by one thread with sigwait (a handler could not stop
  // the server safely); every thread started from here on inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not kill the server

  if (o.writable) {
    // A write failing inside Xapian's value merge ends in std::terminate
    // (fault_guard.h); the guard makes that one line naming the databases.
    std::string paths;
    for (const auto& d : o.databases) paths += (paths.empty() ? "" : ", ") + d.path;
    fahras::install_write_failure_guard("fahras-serve", paths, fahras::kExitRefused);
  }
  // The workers' table blocks read from a mapping, not one system call each
  // (mapped_reads.h); the writer opens its tables read-write, never mapped.
  fahras::mapped_reads::enable_from_environment();
  try {
    if (o.writable) o.token = read_token(token_file);
    fahras::Server server(o);
    std::cout << "fahras-serve: listening on http://"
              << (o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host) << ':' << server.port() << "/"
              << std::endl;
    std::thread waiter([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      server.stop();
    });
    server.run();
    // Stopped by a signal (the waiter is done) or otherwise: wake the waiter.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    std::cerr << "fahras-serve: stopped\n";
  } catch (const std::exception& e) {
    std::cerr << "fahras-serve: " << e.what() << '\n';
    return fahras::kExitRefused;
  } catch (const Xapian::Error& e) {
    std::cerr << "fahras-serve: " << e.get_description() << '\n';
    return fahras::kExitRefused;
  }
  return fahras::kExitSuccess;
}
