// A real fahras-serve process for the server tests: started on 127.0.0.1
// with port 0, its address read from the line it prints, stopped with
// SIGTERM (SIGKILL if it hangs) when the object goes.
//
// Ownership: ServerProcess owns the child process and its output files
// (in a TempDir). Thread safety: one thread drives it; the HTTP clients it
// makes may be used from other threads, one client per thread.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include "test_util.h"

namespace fahras::test {

inline std::string bin(const std::string& name) { return std::string(FAHRAS_BIN_DIR) + "/" + name; }
inline bool have_binary(const std::string& name) { return std::filesystem::exists(bin(name)); }

// Indexes the file `input` into `db` with the real fahras-index (a test
// failure if it does not exit 0).
inline void index_file(const std::string& db, const std::string& input) {
  const auto r = run_command(bin("fahras-index") + " -q --db " + shell_quote(db) + " " + shell_quote(input));
  ASSERT_EQ(r.status, 0) << r.err;
}

class ServerProcess {
 public:
  // Starts fahras-serve with `args` (besides --listen 127.0.0.1:0) and waits
  // up to 30 s for its address; started() is false (and error() says why)
  // when it exited or never listened.
  explicit ServerProcess(std::vector<std::string> args) : dir_("serve") {
    std::vector<std::string> argv{bin("fahras-serve"), "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = spawn(argv, "", dir_.path("out"), dir_.path("err"));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string out = read_file(dir_.path("out"));
      const auto at = out.find("listening on http://127.0.0.1:");
      if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
        port_ = std::stoi(out.substr(at + std::string("listening on http://127.0.0.1:").size()));
        return;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool started() const { return port_ > 0; }
  int port() const { return port_; }
  std::string error() const { return read_file(dir_.path("err")); }
  std::string output() const { return read_file(dir_.path("out")); }

  // Sends `sig` (SIGSTOP, SIGCONT...) without waiting.
  void signal(int sig) const {
    if (pid_ > 0) ::kill(pid_, sig);
  }

  std::unique_ptr<httplib::Client> client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_read_timeout(60, 0);
    return c;
  }

  // Sends `sig` and waits up to `seconds` for the exit status (-1: still
  // running, then killed).
  int stop(int sig = SIGTERM, int seconds = 30) {
    if (pid_ <= 0) return exit_status_;
    ::kill(pid_, sig);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_status_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
    return -1;
  }
  // The exit status of a server that did not start.
  int exit_status() const { return exit_status_; }

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_status_ = -1;
};

// A test of the real server over `db_`, which the real fahras-index built
// from the test's corpus() in SetUp; skipped when the binaries are not built.
class ServedCorpusTest : public ::testing::Test {
 protected:
  virtual const char* corpus() const = 0;
  void SetUp() override {
    if (!have_binary("fahras-serve") || !have_binary("fahras-index"))
      GTEST_SKIP() << "fahras-serve or fahras-index is not built in " << FAHRAS_BIN_DIR;
    db_ = tmp_.path("db");
    index(db_, tmp_.write("corpus.jsonl", corpus()));
  }
  static void index(const std::string& db, const std::string& input) { index_file(db, input); }
  // A bearer token file readable by its owner only, as --token-file wants.
  std::string token_file() {
    const std::string path = tmp_.write("token", std::string(kTestToken) + "\n");
    std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return path;
  }
  static constexpr const char* kTestToken = "s3cret-token-for-tests-only";
  TempDir tmp_{"serve-test"};
  std::string db_;
};

// "/search?q=" + the percent-encoded query.
inline std::string search_path(const std::string& q, const std::string& extra = "") {
  static const char* hex = "0123456789ABCDEF";
  std::string path = "/search?q=";
  for (unsigned char c : q) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      path += static_cast<char>(c);
    } else {
      path += '%';
      path += hex[c >> 4];
      path += hex[c & 15];
    }
  }
  return path + extra;
}

}  // namespace fahras::test
