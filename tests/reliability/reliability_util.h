// Helpers for the reliability tests: running the real binaries with a time
// guard and their peak memory measured, and reading a database back through
// Xapian with its integrity checked (no duplicate or missing passages).
//
// Ownership: run_guarded owns the child it starts and always reaps it (it is
// killed with SIGKILL when the guard expires). Thread safety: tests only;
// run_guarded may be called from several threads at once (posix_spawn and
// wait4 on its own pid), the rest is for one thread.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "fahras/passage_record.h"
#include "fahras/schema.h"
#include "test_util.h"

extern char** environ;

namespace fahras::test {

inline std::string bin_path(const std::string& name) { return std::string(FAHRAS_BIN_DIR) + "/" + name; }
inline std::string shared_dir() { return FAHRAS_SHARED_DIR; }

struct Outcome {
  int status = -1;         // exit status, or 128 + signal
  bool timed_out = false;  // the guard expired and the child was killed
  long peak_rss_kb = 0;    // ru_maxrss of the child
  double seconds = 0;      // wall time (reported, never asserted exactly)
  std::string out, err;
};

// Waits for `pid` up to `guard_seconds`; kills it (SIGKILL) if it is still
// running then.
inline Outcome reap(pid_t pid, double guard_seconds) {
  Outcome o;
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    int raw = 0;
    struct rusage ru {};
    const pid_t r = ::wait4(pid, &raw, WNOHANG, &ru);
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (r == pid) {
      o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
      o.peak_rss_kb = ru.ru_maxrss;
      o.seconds = elapsed;
      return o;
    }
    if (r < 0) throw std::runtime_error("wait4 failed");
    if (elapsed > guard_seconds && !o.timed_out) {
      o.timed_out = true;
      ::kill(pid, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Runs `args` with a time guard; stdout and stderr are captured.
inline Outcome run_guarded(const std::vector<std::string>& args, double guard_seconds, const std::string& in = "") {
  TempDir tmp("run");
  const pid_t pid = spawn(args, in, tmp.path("out"), tmp.path("err"));
  Outcome o = reap(pid, guard_seconds);
  o.out = read_file(tmp.path("out"));
  o.err = read_file(tmp.path("err"));
  return o;
}

// The N of the last "fahras-index: committed N documents" line
// (--log-commits) in an indexer's stderr; 0 if there is none. (No
// std::regex: GCC 12 warns inside it under the sanitizer build.)
inline std::size_t last_logged_commit(const std::string& err) {
  static const std::string kTag = "fahras-index: committed ";
  std::size_t last = 0;
  for (std::size_t at = err.find(kTag); at != std::string::npos; at = err.find(kTag, at + 1)) {
    std::size_t i = at + kTag.size(), n = 0;
    bool digits = false;
    for (; i < err.size() && err[i] >= '0' && err[i] <= '9'; ++i, digits = true)
      n = n * 10 + static_cast<std::size_t>(err[i] - '0');
    if (digits && err.compare(i, 10, " documents") == 0) last = n;
  }
  return last;
}

// `text` without the lines containing `needle`.
inline std::string drop_lines(const std::string& text, const std::string& needle) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string::npos ? text.size() : end + 1;
    const std::string line = text.substr(start, end - start);
    if (line.find(needle) == std::string::npos) out += line;
    start = end;
  }
  return out;
}

inline std::size_t count_lines(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// What a database holds, read through Xapian, with every record decoded.
struct DbContent {
  Xapian::doccount passages = 0;
  Xapian::termcount distinct_terms = 0;
  Xapian::totallength total_length = 0;
  std::map<std::string, std::size_t> docs;  // source id -> passage count
  std::vector<std::string> problems;        // duplicates, gaps, disagreeing counts
};

inline DbContent read_db(const std::string& path, bool count_terms = true) {
  Xapian::Database db(path);
  DbContent c;
  c.passages = db.get_doccount();
  c.total_length = db.get_total_length();
  std::map<std::string, std::vector<std::uint32_t>> numbers;
  std::map<std::string, std::uint32_t> declared;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    const PassageRecord r = decode_passage_record(doc.get_data());
    numbers[r.doc_id].push_back(r.passage_no);
    auto [pos, fresh] = declared.emplace(r.doc_id, r.passage_count);
    if (!fresh && pos->second != r.passage_count)
      c.problems.push_back(r.doc_id + ": passages disagree on the passage count");
  }
  for (auto& [id, nos] : numbers) {
    std::sort(nos.begin(), nos.end());
    for (std::size_t i = 0; i < nos.size(); ++i) {
      if (nos[i] != i) {
        c.problems.push_back(id + ": passage numbers are not 0.." + std::to_string(nos.size() - 1) +
                             " each once (duplicate or missing passage)");
        break;
      }
    }
    if (declared[id] != nos.size())
      c.problems.push_back(id + ": " + std::to_string(nos.size()) + " passages stored, records say " +
                           std::to_string(declared[id]));
    // The id term must mark exactly this document's passages, once each.
    if (db.get_termfreq(std::string(schema::kDocIdPrefix) + id) != nos.size())
      c.problems.push_back(id + ": id term frequency disagrees with the passages stored");
    c.docs[id] = nos.size();
  }
  if (count_terms) {
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) ++c.distinct_terms;
  }
  return c;
}

inline bool xapian_check_ok(const std::string& db, std::string& output) {
  const CommandResult r = run_command("xapian-check " + shell_quote(db) + " 2>&1");
  output = r.out;
  return r.status == 0;
}

inline bool have_tool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace fahras::test
