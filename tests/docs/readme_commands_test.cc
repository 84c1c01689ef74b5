// Every example command in README.md runs as shown: each line of a ```sh
// block and each `$ ` line of an output block is run, in README order, from
// a scratch copy of the repository layout (build/bin, data/, scripts/ and
// ../shared as the README assumes). A failing command is reported with its
// README line. Commands that rebuild or retest the tree, need the network,
// or need ../shared when it is absent are skipped with a message.
// GCC 12 reports a false -Wmaybe-uninitialized inside libstdc++'s <regex>
// (std::function in its NFA) when built with -fsanitize=address; it must be
// silenced before any header is read.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace {

namespace fs = std::filesystem;
using fahras::test::read_file;
using fahras::test::run_command;
using fahras::test::shell_quote;

struct ReadmeCommand {
  int line = 0;  // 1-based line in README.md
  std::string text;
};

// The commands of README.md's ```sh blocks and the `$ ` lines of its plain
// ``` blocks (the rest of those blocks is output).
std::vector<ReadmeCommand> readme_commands(const std::string& readme) {
  std::vector<ReadmeCommand> out;
  std::istringstream in(readme);
  std::string line;
  enum { kText, kShell, kOutput, kOther } state = kText;
  int no = 0;
  bool continued = false;
  while (std::getline(in, line)) {
    ++no;
    if (line.rfind("```", 0) == 0) {
      if (state != kText) {
        state = kText;
      } else {
        const std::string lang = line.substr(3);
        state = lang == "sh" || lang == "bash" || lang == "shell" ? kShell : lang.empty() ? kOutput : kOther;
      }
      continued = false;
      continue;
    }
    std::string cmd;
    if (state == kShell) {
      cmd = line;
    } else if (state == kOutput && (line.rfind("$ ", 0) == 0 || continued)) {
      cmd = continued ? line : line.substr(2);
    } else {
      continue;
    }
    if (continued && !out.empty()) {
      out.back().text += "\n" + cmd;
    } else {
      if (cmd.find_first_not_of(" \t") == std::string::npos || cmd[cmd.find_first_not_of(" \t")] == '#') continue;
      out.push_back({no, cmd});
    }
    continued = !cmd.empty() && cmd.back() == '\\';
  }
  return out;
}

// Files a command writes that later commands may read: --db DIR and > FILE.
std::vector<std::string> outputs_of(const std::string& cmd) {
  std::vector<std::string> out;
  static const std::regex db(R"(--db\s+(\S+))"), redirect(R"(>\s*([^\s&|]+))"), build(R"(-B\s+(\S+))");
  if (cmd.find("scripts/get-quran") != std::string::npos) out.push_back("out/quran.jsonl");
  for (const auto* re : {&db, &redirect, &build})
    for (std::sregex_iterator it(cmd.begin(), cmd.end(), *re), e; it != e; ++it) out.push_back((*it)[1]);
  return out;
}

// True when `cmd` names `file` as a whole word (or as a folder prefix).
bool mentions(const std::string& cmd, const std::string& file) {
  for (std::size_t at = cmd.find(file); at != std::string::npos; at = cmd.find(file, at + 1)) {
    const std::size_t end = at + file.size();
    const bool starts = at == 0 || cmd[at - 1] == ' ' || cmd[at - 1] == '=' || cmd[at - 1] == '<';
    const bool ends = end == cmd.size() || cmd[end] == ' ' || cmd[end] == '/' || cmd[end] == '\n';
    if (starts && ends) return true;
  }
  return false;
}

// Why a command is not run here, or "" to run it.
std::string skip_reason(const std::string& cmd, bool have_shared, bool network) {
  static const std::regex builds(
      R"(^\s*\(?\s*(scripts/(quickstart|test|install-deps)|cmake|ctest|sudo|apt-get|cd build)\b)");
  if (std::regex_search(cmd, builds))
    return "it builds, tests, packages or installs the tree itself (scripts/test and scripts/test-install do "
           "that; not from inside a test)";
  if (cmd.find("scripts/get-quran") != std::string::npos && !network)
    return "it needs the network (set FAHRAS_README_NETWORK=1 to run it)";
  if (cmd.find("../shared") != std::string::npos && !have_shared) return "../shared is absent (" FAHRAS_SHARED_DIR ")";
  return "";
}

TEST(ReadmeCommands, EveryExampleCommandRunsAsShown) {
  const std::string readme = read_file(std::string(FAHRAS_SOURCE_DIR) + "/README.md");
  ASSERT_FALSE(readme.empty()) << "cannot read README.md";
  if (!fs::exists(std::string(FAHRAS_BIN_DIR) + "/fahras-index") ||
      !fs::exists(std::string(FAHRAS_BIN_DIR) + "/fahras-search"))
    GTEST_SKIP() << "the fahras binaries are not built in " << FAHRAS_BIN_DIR;
  const auto commands = readme_commands(readme);
  ASSERT_GE(commands.size(), 10u) << "too few README commands found: is the parser broken?";

  // The layout the README's commands assume, in a scratch folder: the
  // repository root (build/bin, data, scripts) with ../shared beside it.
  fahras::test::TempDir tmp("readme");
  const fs::path root = fs::path(tmp.path()) / "fahras";
  fs::create_directories(root / "build");
  fs::create_directories(root / "out");
  fs::create_directory_symlink(FAHRAS_BIN_DIR, root / "build" / "bin");
  for (const char* dir : {"data", "scripts", "docs"})
    fs::create_directory_symlink(fs::path(FAHRAS_SOURCE_DIR) / dir, root / dir);
  const bool have_shared = fs::exists(fs::path(FAHRAS_SHARED_DIR) / "corpus");
  if (have_shared) fs::create_directory_symlink(fs::canonical(FAHRAS_SHARED_DIR), fs::path(tmp.path()) / "shared");
  const char* net = std::getenv("FAHRAS_README_NETWORK");
  const bool network = net != nullptr && std::string(net) == "1";

  std::set<std::string> missing_outputs;  // written by a skipped command
  int ran = 0;
  for (const auto& c : commands) {
    std::string reason = skip_reason(c.text, have_shared, network);
    if (reason.empty()) {
      for (const auto& f : missing_outputs) {
        if (mentions(c.text, f)) {
          reason = "it reads " + f + ", which a skipped command makes";
          break;
        }
      }
    }
    if (!reason.empty()) {
      std::cout << "[ SKIPPED  ] README.md:" << c.line << ": " << c.text << "\n             because " << reason << "\n";
      for (auto& f : outputs_of(c.text)) missing_outputs.insert(f);
      continue;
    }
    const auto r =
        run_command("cd " + shell_quote(root.string()) + " && PATH=" + shell_quote(std::string(FAHRAS_BIN_DIR)) +
                    ":$PATH timeout 600 bash -o pipefail -c " + shell_quote(c.text) + " </dev/null");
    ++ran;
    EXPECT_EQ(r.status, 0) << "README.md:" << c.line << ": `" << c.text << "` exited with status " << r.status
                           << "\nstderr: " << r.err.substr(0, 2000);
  }
  EXPECT_GE(ran, 2) << "almost every README command was skipped";
  std::cout << "ran " << ran << " of " << commands.size() << " README commands\n";
}

TEST(ReadmeCommands, ParserFindsShellLinesAndDollarLinesOnly) {
  const auto cmds = readme_commands(
      "text\n```sh\nls -l   # comment\n\n# whole-line comment\necho a \\\n  b\n```\n"
      "```\n$ echo out\noutput line\n```\n```json\n{\"a\": 1}\n```\n");
  ASSERT_EQ(cmds.size(), 3u);
  EXPECT_EQ(cmds[0].line, 3);
  EXPECT_EQ(cmds[0].text, "ls -l   # comment");
  EXPECT_EQ(cmds[1].line, 6);
  EXPECT_EQ(cmds[1].text, "echo a \\\n  b");
  EXPECT_EQ(cmds[2].line, 10);
  EXPECT_EQ(cmds[2].text, "echo out");
}

}  // namespace
