// Every fahras command follows the same conventions: --help with examples,
// --version naming the analyser's versions, a man page and bash completion
// listing exactly the options --help lists, documented exit statuses, errors
// on stderr, colour and progress only on a terminal, NO_COLOR respected.
// GCC 12 reports a false -Wmaybe-uninitialized inside libstdc++'s <regex>
// (std::function in its NFA) when built with -fsanitize=address; it must be
// silenced before any header is read.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fahras/normalizer.h"
#include "fahras/schema.h"
#include "fahras/stemmer.h"
#include "fahras/stopwords.h"
#include "test_util.h"

namespace {

using fahras::test::read_file;
using fahras::test::run_command;
using fahras::test::shell_quote;

const std::vector<std::string> kTools = {"fahras-index",   "fahras-search", "fahras-serve",
                                         "fahras-analyze", "fahras-eval",   "fahras-collisions"};

std::string bin(const std::string& name) { return std::string(FAHRAS_BIN_DIR) + "/" + name; }
std::string source(const std::string& rel) { return std::string(FAHRAS_SOURCE_DIR) + "/" + rel; }

#define REQUIRE_BINARY(name) \
  if (!std::filesystem::exists(bin(name))) GTEST_SKIP() << name << " is not built in " << FAHRAS_BIN_DIR

// The long options a --help text lists: "  --name" or "  -x [ --name ]".
std::set<std::string> help_options(const std::string& help) {
  std::set<std::string> out;
  static const std::regex opt(R"(^  (?:-\w \[ )?--([a-z][a-z0-9-]*))");
  std::size_t start = 0;
  while (start < help.size()) {
    std::size_t end = help.find('\n', start);
    if (end == std::string::npos) end = help.size();
    std::smatch m;
    const std::string line = help.substr(start, end - start);
    if (std::regex_search(line, m, opt)) out.insert(m[1]);
    start = end + 1;
  }
  return out;
}

// Long options a roff man page documents: the \-\-name items of its
// OPTIONS section (other sections may mention other commands' options).
std::set<std::string> man_options(const std::string& man) {
  std::set<std::string> out;
  const std::size_t begin = man.find(".SH OPTIONS");
  if (begin == std::string::npos) return out;
  const std::size_t end = man.find("\n.SH ", begin + 1);
  const std::string section = man.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  static const std::regex item(R"(\n\.(?:TP\n\.\w+|B|BR|BI) [^\n]*)");
  static const std::regex opt(R"(\\-\\-([a-z][a-z0-9-]*))");
  for (std::sregex_iterator it(section.begin(), section.end(), item), e; it != e; ++it) {
    const std::string line = (*it)[0];
    for (std::sregex_iterator o(line.begin(), line.end(), opt), oe; o != oe; ++o) out.insert((*o)[1]);
  }
  return out;
}

std::string join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : " ") + x;
  return out;
}

TEST(CliConventions, VersionNamesTheToolAndTheAnalyserVersions) {
  for (const auto& tool : kTools) {
    REQUIRE_BINARY(tool);
    const auto r = run_command(bin(tool) + " --version");
    ASSERT_EQ(r.status, 0) << tool << ": " << r.err;
    const std::string first = r.out.substr(0, r.out.find('\n'));
    EXPECT_EQ(first.rfind(tool + " ", 0), 0u) << first;
    EXPECT_NE(first.find("light stemmer " + std::to_string(fahras::LightStemmer::kVersion)), std::string::npos)
        << first;
    EXPECT_NE(first.find("stop words " + std::to_string(fahras::kStopwordsVersion)), std::string::npos) << first;
    EXPECT_NE(first.find("normaliser " + std::to_string(fahras::kNormalizerVersion)), std::string::npos) << first;
    EXPECT_NE(first.find("schema " + std::to_string(fahras::schema::kSchemaVersion)), std::string::npos) << first;
    EXPECT_TRUE(r.err.empty()) << tool << ": " << r.err;
  }
}

TEST(CliConventions, HelpHasExamplesThatUseOnlyListedOptions) {
  static const std::regex used(R"((?:^|\s)--([a-z][a-z0-9-]*))");
  for (const auto& tool : kTools) {
    REQUIRE_BINARY(tool);
    const auto r = run_command(bin(tool) + " --help");
    ASSERT_EQ(r.status, 0) << tool;
    const auto options = help_options(r.out);
    EXPECT_TRUE(options.count("help") && options.count("version")) << tool << ": " << join(options);
    const auto at = r.out.find("Examples:");
    ASSERT_NE(at, std::string::npos) << tool << " --help has no Examples: section";
    int examples = 0;
    std::size_t start = r.out.find('\n', at) + 1;
    while (start < r.out.size()) {
      std::size_t end = r.out.find('\n', start);
      if (end == std::string::npos) end = r.out.size();
      const std::string line = r.out.substr(start, end - start);
      if (line.find(tool) == std::string::npos) break;  // the example block ends
      ++examples;
      for (std::sregex_iterator it(line.begin(), line.end(), used), e; it != e; ++it)
        EXPECT_TRUE(options.count((*it)[1])) << tool << " example uses --" << (*it)[1] << ": " << line;
      start = end + 1;
    }
    EXPECT_GE(examples, 2) << tool;
  }
}

TEST(CliConventions, EveryCommandHasAManPageListingExactlyItsOptions) {
  for (const auto& tool : kTools) {
    REQUIRE_BINARY(tool);
    const std::string man = read_file(source("man/" + tool + ".1"));
    ASSERT_FALSE(man.empty()) << "man/" << tool << ".1 is missing";
    std::string upper;
    for (char c : tool) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_NE(man.find(".TH " + upper + " 1"), std::string::npos)
        << "man/" << tool << ".1 has no .TH line for the command";
    for (const char* section : {".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH EXIT STATUS", ".SH EXAMPLES"})
      EXPECT_NE(man.find(section), std::string::npos) << "man/" << tool << ".1 lacks " << section;
    const auto help = help_options(run_command(bin(tool) + " --help").out);
    const auto documented = man_options(man);
    for (const auto& o : help) EXPECT_TRUE(documented.count(o)) << "man/" << tool << ".1 lacks --" << o;
    for (const auto& o : documented)
      EXPECT_TRUE(help.count(o)) << "man/" << tool << ".1 documents --" << o << ", which --help does not list";
  }
}

TEST(CliConventions, BashCompletionOffersExactlyEachCommandsOptions) {
  const std::string completion = read_file(source("completion/fahras"));
  ASSERT_FALSE(completion.empty()) << "completion/fahras is missing";
  for (const auto& tool : kTools) {
    REQUIRE_BINARY(tool);
    // Each command's options sit on one line: `fahras-x) opts="--a --b ..."`.
    const std::regex line("(?:^|\\n)\\s*" + tool + "\\) opts=\"([^\"]*)\"");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(completion, m, line)) << "completion/fahras has no entry for " << tool;
    std::set<std::string> offered;
    static const std::regex opt(R"(--([a-z][a-z0-9-]*))");
    const std::string list = m[1];
    for (std::sregex_iterator it(list.begin(), list.end(), opt), e; it != e; ++it) offered.insert((*it)[1]);
    const auto help = help_options(run_command(bin(tool) + " --help").out);
    EXPECT_EQ(join(offered), join(help)) << tool;
    EXPECT_NE(completion.find("complete -F _fahras " + tool), std::string::npos) << tool;
  }
}

TEST(CliConventions, BadUsageExitsTwoWithOneMessageOnStderrOnly) {
  for (const auto& tool : kTools) {
    REQUIRE_BINARY(tool);
    const auto r = run_command(bin(tool) + " --no-such-option");
    EXPECT_EQ(r.status, 2) << tool;
    EXPECT_TRUE(r.out.empty()) << tool << " wrote to stdout: " << r.out;
    EXPECT_NE(r.err.find(tool + ": "), std::string::npos) << tool << ": " << r.err;
  }
}

// The baseline's subcommands have required options; asking one for its help
// must print it, not reject the missing --db.
TEST(CliConventions, BaselineSubcommandHelpNeedsNoRequiredOptions) {
  REQUIRE_BINARY("xapian-baseline");
  for (const std::string command : {"index", "search", "passages"}) {
    const auto r = run_command(bin("xapian-baseline") + " " + command + " --help");
    EXPECT_EQ(r.status, 0) << command << ": " << r.err;
    EXPECT_NE(r.out.find("usage: xapian-baseline " + command), std::string::npos) << command << ": " << r.out;
  }
}

TEST(CliConventions, RuntimeFailuresExitWithTheDocumentedStatus) {
  REQUIRE_BINARY("fahras-index");
  fahras::test::TempDir tmp("cli");
  const std::string missing = shell_quote(tmp.path("missing"));
  // fahras-index: 0 success, 1 warnings (a binary file skipped), 2 failure.
  const std::string good = tmp.write("in/a.txt", "عنوان\nنص عربي قصير عن المدارس.\n");
  auto r = run_command(bin("fahras-index") + " --db " + shell_quote(tmp.path("db")) + " " + shell_quote(good));
  EXPECT_EQ(r.status, 0) << r.err;
  tmp.write("in/b.bin", std::string("\x00\x01\x02\x03"
                                    "binary",
                                    10));
  r = run_command(bin("fahras-index") + " --db " + shell_quote(tmp.path("db")) + " " + shell_quote(tmp.path("in")));
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
  r = run_command(bin("fahras-index") + " --db " + shell_quote(tmp.path("db")) + " " + missing);
  EXPECT_EQ(r.status, 1) << r.err;
  r = run_command(bin("fahras-index") + " --db " + shell_quote(tmp.path("db")) + " --strict " + missing);
  EXPECT_EQ(r.status, 2) << r.err;

  // fahras-search, fahras-collisions: 1 when the database cannot be used.
  for (const std::string tool : {"fahras-search", "fahras-collisions"}) {
    REQUIRE_BINARY(tool);
    r = run_command(bin(tool) + " --db " + missing + (tool == "fahras-search" ? " المدارس" : ""));
    EXPECT_EQ(r.status, 1) << tool << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << tool;
    EXPECT_NE(r.err.find(tool + ": "), std::string::npos) << r.err;
  }
  REQUIRE_BINARY("fahras-search");
  r = run_command(bin("fahras-search") + " --db " + shell_quote(tmp.path("db")) + " المدارس");
  EXPECT_EQ(r.status, 0) << r.err;
  r = run_command(bin("fahras-search") + " --db " + shell_quote(tmp.path("db")) + " كمبيوتر");
  EXPECT_EQ(r.status, 0) << "no match is not an error: " << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_FALSE(r.err.empty());

  // fahras-eval: 1 for unreadable input; fahras-analyze: 2 for a bad value.
  REQUIRE_BINARY("fahras-eval");
  r = run_command(bin("fahras-eval") + " " + missing + " " + missing);
  EXPECT_EQ(r.status, 1) << r.err;
  REQUIRE_BINARY("fahras-analyze");
  r = run_command(bin("fahras-analyze") + " --format xml نص");
  EXPECT_EQ(r.status, 2) << r.err;
}

// Runs `command` on a pseudo-terminal (util-linux script(1)); its combined
// output (stdout and stderr merged by the terminal) is in `out`.
fahras::test::CommandResult on_terminal(const std::string& command) {
  return run_command("script -qefc " + shell_quote(command) + " /dev/null");
}

bool have_terminal() { return run_command("command -v script").status == 0 && on_terminal("test -t 1").status == 0; }

TEST(CliConventions, ColourOnlyOnATerminalAndNeverUnderNoColor) {
  REQUIRE_BINARY("fahras-index");
  REQUIRE_BINARY("fahras-search");
  if (!have_terminal()) GTEST_SKIP() << "no pseudo-terminal: script(1) (bsdutils) is missing or cannot open one";
  fahras::test::TempDir tmp("color");
  tmp.write("in/a.txt", "المدارس\nافتتحت الوزارة مدارس جديدة في القرى.\n");
  const std::string db = shell_quote(tmp.path("db"));
  ASSERT_EQ(run_command(bin("fahras-index") + " -q --db " + db + " " + shell_quote(tmp.path("in"))).status, 0);
  const std::string search = bin("fahras-search") + " --db " + db + " مدرسة";

  const auto piped = run_command("env -u NO_COLOR " + search);
  ASSERT_EQ(piped.status, 0) << piped.err;
  EXPECT_EQ(piped.out.find('\x1b'), std::string::npos) << "colour on a pipe";

  const auto tty = on_terminal("env -u NO_COLOR " + search);
  ASSERT_EQ(tty.status, 0) << tty.err;
  EXPECT_NE(tty.out.find("\x1b["), std::string::npos) << "no colour on a terminal: " << tty.out;

  const auto no_color = on_terminal("env NO_COLOR=1 " + search);
  ASSERT_EQ(no_color.status, 0) << no_color.err;
  EXPECT_NE(no_color.out.find("مدارس"), std::string::npos) << no_color.out;
  EXPECT_EQ(no_color.out.find('\x1b'), std::string::npos) << "colour despite NO_COLOR: " << no_color.out;
}

// The Arabic words of a man page that carry combining marks (harakat,
// shadda, sukun, tanwin, dagger alef, Qur'anic marks), in page order.
std::vector<std::string> marked_arabic_words(const std::string& page) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < page.size()) {
    if (static_cast<unsigned char>(page[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t j = i;
    bool marked = false;
    while (j < page.size() && static_cast<unsigned char>(page[j]) >= 0x80) {
      const auto b0 = static_cast<unsigned char>(page[j]);
      const auto b1 = j + 1 < page.size() ? static_cast<unsigned char>(page[j + 1]) : 0;
      // U+064B..U+065F, U+0670 (D9 8B..D9 9F, D9 B0) and U+06D6..U+06ED (DB 96..DB AD).
      if ((b0 == 0xD9 && ((b1 >= 0x8B && b1 <= 0x9F) || b1 == 0xB0)) || (b0 == 0xDB && b1 >= 0x96 && b1 <= 0xAD))
        marked = true;
      ++j;
    }
    if (marked) out.push_back(page.substr(i, j - i));
    i = j;
  }
  return out;
}

// man-db pipes a page through `col -b` when its output is not a terminal,
// and util-linux's col drops combining marks there (عَلم prints as علم), so a
// sentence that rests on the marks alone turns into nonsense. Every marked
// word is therefore glossed in Latin right after it, "عَلم (ʿa-l-m", and on a
// terminal the marks themselves must come through.
TEST(CliConventions, ManPagesGlossEveryVocalisedArabicWordAndShowItsMarksOnATerminal) {
  static const std::string kAyn = "\xCA\xBF";  // ʿ U+02BF, spacing: col keeps it
  for (const auto& tool : kTools) {
    const std::string path = source("man/" + tool + ".1");
    const std::string page = read_file(path);
    ASSERT_FALSE(page.empty()) << path;
    std::istringstream lines(page);
    std::string line;
    int no = 0;
    while (std::getline(lines, line)) {
      ++no;
      std::size_t from = 0;
      for (const auto& word : marked_arabic_words(line)) {
        const std::size_t at = line.find(word, from);
        std::size_t k = at + word.size();
        from = k;
        while (k < line.size() && (line[k] == ' ' || line[k] == '\'' || line[k] == '"' || line[k] == '#')) ++k;
        const bool glossed =
            k + 1 < line.size() && line[k] == '(' &&
            (std::isalpha(static_cast<unsigned char>(line[k + 1])) || line.compare(k + 1, kAyn.size(), kAyn) == 0);
        EXPECT_TRUE(glossed) << path << ":" << no << ": " << word
                             << " has no Latin gloss \"(...)\" after it, so the line means nothing once "
                                "col -b drops its marks: "
                             << line;
      }
    }
  }
  if (run_command("command -v man").status != 0 || !have_terminal()) {
    GTEST_SKIP() << "man(1) or a pseudo-terminal (script) is missing: the marks on a terminal are not checked";
  }
  for (const auto& tool : kTools) {
    const std::string path = source("man/" + tool + ".1");
    const auto words = marked_arabic_words(read_file(path));
    if (words.empty()) continue;
    const auto shown = on_terminal("env MANPAGER=cat MANWIDTH=200 man -l " + shell_quote(path));
    ASSERT_EQ(shown.status, 0) << shown.err;
    for (const auto& word : words)
      EXPECT_NE(shown.out.find(word), std::string::npos) << tool << ": man on a terminal lost the marks of " << word;
  }
}

TEST(CliConventions, IndexerPrintsNoProgressLineOffATerminal) {
  REQUIRE_BINARY("fahras-index");
  fahras::test::TempDir tmp("progress");
  tmp.write("in/a.txt", "المدارس\nافتتحت الوزارة مدارس جديدة في القرى.\n");
  const std::string cmd =
      bin("fahras-index") + " --db " + shell_quote(tmp.path("db")) + " " + shell_quote(tmp.path("in"));
  const auto piped = run_command(cmd);
  ASSERT_EQ(piped.status, 0) << piped.err;
  EXPECT_TRUE(piped.out.empty()) << piped.out;
  // Not on a terminal: no carriage-return progress line, no escape codes.
  EXPECT_EQ(piped.err.find('\r'), std::string::npos) << piped.err;
  EXPECT_EQ(piped.err.find('\x1b'), std::string::npos) << piped.err;
  const auto quiet = run_command(cmd + " --quiet");
  ASSERT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_TRUE(quiet.err.empty()) << quiet.err;
}

}  // namespace
