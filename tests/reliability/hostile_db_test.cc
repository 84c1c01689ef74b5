// Security: a hostile database must not crash the searcher. A small real
// database is copied and each of its files truncated or corrupted in turn
// (seeded: FAHRAS_CORRUPT_SEED, printed); fahras-search must answer or report
// the damage on one line with exit 1, within a time guard, with no signal
// and no sanitizer report. And neither CLI writes outside --db and the
// outputs it is told about.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "reliability_util.h"

namespace {

namespace fs = std::filesystem;
using namespace fahras::test;

void overwrite(const fs::path& file, std::uintmax_t offset, const std::string& bytes) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) names.insert(fs::relative(e.path(), dir).string());
  return names;
}

TEST(HostileDatabase, CorruptedFilesAreReportedOnOneLineWithoutACrash) {
  TempDir dir("hostile");
  const std::string input = news_lines(dir, "articles-03.jsonl", "news.jsonl", 0, 40);
  if (input.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << shared_dir();
  const std::string pristine = dir.path("pristine");
  ASSERT_EQ(run_guarded({bin_path("fahras-index"), "-q", "--batch-size", "10", "--db", pristine, input}, 300).status,
            0);

  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(pristine))
    if (e.is_regular_file()) files.push_back(e.path().filename());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 4u);

  // Each mutation of one file: truncations, and garbage over a block.
  enum Kind { kEmpty, kHalf, kOneByteShort, kRandomBlock, kZeroBlock, kFlipBytes, kKinds };
  const char* kind_names[] = {"truncated to 0",   "truncated to half",  "one byte short",
                              "random 512 bytes", "zeroed 8 KiB block", "8 flipped bytes"};
  const std::vector<std::vector<std::string>> searches = {
      {"--format", "json", "--all-passages", "--limit", "50", "--", "السعودية"},
      {"--context", "2", "--", "\"وزير الخارجية\""},
      {"--format", "trec", "--", "ال* OR الرياض"},
  };
  // Fixed seeds keep this CI gate reproducible: random seeds found memory
  // errors inside Xapian 1.4.22 itself (docs/reliability.md), which no change
  // of ours can fix. FAHRAS_CORRUPT_SEED=N replays one seed; =random explores.
  const char* env = std::getenv("FAHRAS_CORRUPT_SEED");
  std::vector<unsigned> seeds = {1, 2, 3};
  if (env && *env)
    seeds = {std::string(env) == "random" ? std::random_device{}() : static_cast<unsigned>(std::stoul(env))};
  unsigned tried = 0, answered = 0, refused = 0;
  for (const unsigned seed : seeds) {
    std::mt19937 rng(seed);
    std::cout << "[ hostile  ] seed " << seed << " (FAHRAS_CORRUPT_SEED=" << seed << " replays it)" << std::endl;
    for (const fs::path& name : files) {
      const std::uintmax_t size = fs::file_size(fs::path(pristine) / name);
      for (int k = 0; k < kKinds; ++k) {
        if (size == 0 && k != kEmpty) continue;
        const std::string db = dir.path("db");
        fs::remove_all(db);
        fs::copy(pristine, db);
        const fs::path victim = fs::path(db) / name;
        std::uniform_int_distribution<std::uintmax_t> at(0, size ? size - 1 : 0);
        switch (k) {
          case kEmpty: fs::resize_file(victim, 0); break;
          case kHalf: fs::resize_file(victim, size / 2); break;
          case kOneByteShort: fs::resize_file(victim, size - 1); break;
          case kRandomBlock: {
            std::string junk(512, '\0');
            for (char& c : junk) c = static_cast<char>(rng() & 0xFF);
            overwrite(victim, at(rng), junk.substr(0, static_cast<std::size_t>(std::min<std::uintmax_t>(512, size))));
            break;
          }
          case kZeroBlock: overwrite(victim, (at(rng) / 8192) * 8192, std::string(8192, '\0')); break;
          case kFlipBytes:
            for (int i = 0; i < 8; ++i) {
              const std::uintmax_t off = at(rng);
              std::ifstream f(victim, std::ios::binary);
              f.seekg(static_cast<std::streamoff>(off));
              char c = 0;
              f.get(c);
              overwrite(victim, off, std::string(1, static_cast<char>(c ^ 0x5A)));
            }
            break;
        }
        if (fs::file_size(victim) > size) fs::resize_file(victim, size);  // a block past the end is not the test
        for (const auto& s : searches) {
          std::vector<std::string> argv = {bin_path("fahras-search"), db};
          argv.insert(argv.end(), s.begin(), s.end());
          SCOPED_TRACE(name.string() + " " + kind_names[k] + ", query " + s.back());
          const Outcome o = run_guarded(argv, 60);
          ++tried;
          ASSERT_FALSE(o.timed_out) << "fahras-search hung on a corrupt database";
          ASSERT_TRUE(o.status == 0 || o.status == 1) << "status " << o.status << ":\n" << o.err.substr(0, 3000);
          EXPECT_EQ(o.err.find("Sanitizer"), std::string::npos) << o.err.substr(0, 3000);
          EXPECT_EQ(o.err.find("terminate called"), std::string::npos) << o.err;
          if (o.status == 1) {
            ++refused;
            EXPECT_EQ(count_lines(o.err), 1u) << o.err;
            EXPECT_EQ(o.err.rfind("fahras-search: ", 0), 0u) << o.err;
            if (o.err.find("no passage matches") == std::string::npos) {
              EXPECT_NE(o.err.find(db), std::string::npos) << "the error should name the database: " << o.err;
            }
          } else {
            ++answered;
          }
        }
      }
    }
  }  // seeds
  std::cout << "[ hostile  ] " << tried << " searches over " << files.size() << " files x 6 corruptions: " << refused
            << " reported the damage (exit 1), " << answered << " answered (damage not on their path)" << std::endl;
  EXPECT_GT(refused, 0u);
}

// Xapian 1.4.22 segfaults inside Database's constructor on some damaged
// version files (iamglass); fahras-search must still end with one line and
// exit 1 (fault_guard.h). Fixed seeds, so every run replays the same damage.
TEST(HostileDatabase, DamagedVersionFileNeverEndsInACrash) {
  TempDir dir("iamglass");
  const std::string input = news_lines(dir, "articles-03.jsonl", "news.jsonl", 0, 20);
  if (input.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << shared_dir();
  const std::string pristine = dir.path("pristine");
  ASSERT_EQ(run_guarded({bin_path("fahras-index"), "-q", "--db", pristine, input}, 300).status, 0);
  const fs::path version = fs::path(pristine) / "iamglass";
  ASSERT_TRUE(fs::exists(version));
  const std::string original = read_file(version.string());
  unsigned guarded = 0, answered = 0, refused = 0;
  for (unsigned seed = 1; seed <= (kSanitized ? 60u : 200u); ++seed) {
    std::mt19937 rng(seed);
    std::string damaged = original;
    for (int i = 0; i < 8; ++i) damaged[rng() % damaged.size()] ^= static_cast<char>(1 + rng() % 255);
    const std::string db = dir.path("db");
    fs::remove_all(db);
    fs::copy(pristine, db);
    overwrite(fs::path(db) / "iamglass", 0, damaged);
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Outcome o = run_guarded({bin_path("fahras-search"), db, "السعودية"}, 60);
    ASSERT_FALSE(o.timed_out);
    ASSERT_TRUE(o.status == 0 || o.status == 1) << "status " << o.status << ":\n" << o.err.substr(0, 2000);
    if (o.status == 1) {
      ++refused;
      EXPECT_EQ(count_lines(o.err), 1u) << o.err;
      if (o.err.find("no passage matches") == std::string::npos) {
        EXPECT_NE(o.err.find(db), std::string::npos) << o.err;
      }
      if (o.err.find("the Xapian library crashed") != std::string::npos) ++guarded;
    } else {
      ++answered;
    }
  }
  std::cout << "[ hostile  ] damaged iamglass: " << refused << " refused (" << guarded
            << " of them after a crash inside Xapian), " << answered << " answered" << std::endl;
  EXPECT_GT(refused, 0u);
}

TEST(HostileDatabase, TheToolsWriteNothingOutsideTheDatabaseAndNamedOutputs) {
  TempDir dir("nowrite");
  const std::string input = news_lines(dir, "articles-03.jsonl", "news.jsonl", 0, 20);
  if (input.empty()) GTEST_SKIP() << "SaudiNewsNet not found under " << shared_dir();
  TempDir cwd("cwd");
  TempDir parent("parent");
  const std::string db = parent.path("db");
  const std::set<std::string> inputs_before = listing(dir.path());
  // Run from an empty working folder, with the database in another folder;
  // --compact swaps in a compacted copy next to it, which must be gone after.
  const std::string cd = "cd " + shell_quote(cwd.path()) + " && ";
  const CommandResult idx = run_command(cd + shell_quote(bin_path("fahras-index")) + " --compact --db " +
                                        shell_quote(db) + " " + shell_quote(input));
  ASSERT_EQ(idx.status, 0) << idx.err;
  const CommandResult s1 =
      run_command(cd + shell_quote(bin_path("fahras-search")) + " --context 1 " + shell_quote(db) + " السعودية");
  EXPECT_EQ(s1.status, 0) << s1.err;
  const std::string queries = dir.write("q.tsv", "q1\tالرياض\n");
  const CommandResult s2 = run_command(cd + shell_quote(bin_path("fahras-search")) + " " + shell_quote(db) +
                                       " --queries " + shell_quote(queries));
  EXPECT_EQ(s2.status, 0) << s2.err;
  const CommandResult del = run_command(cd + shell_quote(bin_path("fahras-index")) + " -q --db " + shell_quote(db) +
                                        " --delete nothing-here");
  EXPECT_EQ(del.status, 1) << del.err;

  EXPECT_TRUE(listing(cwd.path()).empty()) << "files were created in the working folder";
  EXPECT_EQ(listing(parent.path()).size(), listing(db).size() + 1) << "something was left next to the database";
  EXPECT_TRUE(fs::exists(parent.path("db/iamglass")));
  std::set<std::string> inputs_after = listing(dir.path());
  inputs_after.erase("q.tsv");
  EXPECT_EQ(inputs_after, inputs_before) << "the input folder changed";
}

}  // namespace
