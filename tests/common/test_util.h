// Helpers shared by every test binary: a private temporary folder, reading a
// whole file, shell quoting, and running a command with its exit status and
// output captured. One copy here so the test files cannot drift apart.
//
// Ownership: TempDir owns its folder and removes it (recursively) on
// destruction; it cannot be copied. run_command uses its own TempDir for the
// captured output and leaves nothing behind.
// Thread safety: none of this is meant for concurrent use. Distinct TempDir
// objects never share a folder (mkdtemp), but run_command goes through
// std::system, which is not safe to call from several threads at once.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace fahras::test {

class TempDir {
 public:
  // The folder is <system temp dir>/fahras-<tag>-XXXXXX; the tag only helps a
  // human tell leftovers apart after a crash.
  explicit TempDir(const std::string& tag = "test") {
    std::string tmpl = (std::filesystem::temp_directory_path() / ("fahras-" + tag + "-XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + tmpl);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The folder itself, or `child` (a relative path) inside it.
  std::string path(const std::string& child = "") const {
    return child.empty() ? path_.string() : (path_ / child).string();
  }

  // Writes `content` to `rel`, creating missing parent folders; returns the
  // full path.
  std::string write(const std::string& rel, const std::string& content) const {
    const std::filesystem::path p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + p.string());
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

// Built with AddressSanitizer? Slow tests run a reduced version there.
constexpr bool kSanitized =
#if defined(__SANITIZE_ADDRESS__)
    true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    true;
#else
    false;
#endif
#else
    false;
#endif

// Lines skip..skip+n of a SaudiNewsNet file under FAHRAS_SHARED_DIR, written
// to dir/name; "" when the shared data is absent.
inline std::string news_lines(const TempDir& dir, const std::string& corpus_file, const std::string& name,
                              std::size_t skip, std::size_t n) {
  std::ifstream in(std::string(FAHRAS_SHARED_DIR) + "/corpus/saudinewsnet/" + corpus_file, std::ios::binary);
  if (!in) return {};
  const std::string path = dir.path(name);
  std::ofstream out(path, std::ios::binary);
  std::string line;
  for (std::size_t i = 0; i < skip + n && std::getline(in, line); ++i)
    if (i >= skip) out << line << '\n';
  return path;
}

// The whole file as bytes; empty if it cannot be opened (callers read
// captured stderr files that may legitimately be missing).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The UTF-8 encoding of one code point (no validation: tests pass valid ones,
// or deliberately surrogates to build ill-formed input).
inline std::string utf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

// Single-quotes a string for /bin/sh.
inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

struct CommandResult {
  int status = -1;  // exit status; 128 + signal if killed; -1 if the shell could not run
  std::string out;
  std::string err;
};

namespace detail {

inline CommandResult run_command(const std::string& command, const std::string* input) {
  TempDir tmp("cmd");
  const std::string out = tmp.path("out"), err = tmp.path("err");
  // The subshell makes the capture apply to the whole command, including
  // pipelines and redirections such as `2>&1` written by the caller.
  std::string full = "( " + command + "\n) >" + shell_quote(out) + " 2>" + shell_quote(err);
  if (input != nullptr) full += " <" + shell_quote(tmp.write("in", *input));
  const int raw = std::system(full.c_str());
  CommandResult r;
  if (raw != -1) {
    if (WIFEXITED(raw)) r.status = WEXITSTATUS(raw);
    else if (WIFSIGNALED(raw)) r.status = 128 + WTERMSIG(raw);
  }
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

}  // namespace detail

// Runs `command` through /bin/sh with stdout and stderr captured; stdin is
// inherited.
inline CommandResult run_command(const std::string& command) { return detail::run_command(command, nullptr); }

// The same, with `input` as the command's stdin.
inline CommandResult run_command(const std::string& command, const std::string& input) {
  return detail::run_command(command, &input);
}

// Starts argv[0] (a path) with stdin/stdout/stderr redirected to files
// ("" = /dev/null for stdin, inherited otherwise); returns the pid.
// `own_group`: in a process group of its own, for a child that signals its
// whole group (xapian-replicate-server does on SIGTERM), which would
// otherwise include the test.
inline pid_t spawn(const std::vector<std::string>& args, const std::string& in, const std::string& out,
                   const std::string& err, bool own_group = false) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, in.empty() ? "/dev/null" : in.c_str(), O_RDONLY, 0);
  if (!out.empty())
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!err.empty())
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  if (own_group) {
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
  }
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, copy[0].c_str(), &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) throw std::runtime_error("posix_spawn failed for " + args[0]);
  return pid;
}

}  // namespace fahras::test
