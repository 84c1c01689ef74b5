// Mapped reads (core/include/fahras/mapped_reads.h): every read served from a
// mapping must return exactly what pread() returns for the same descriptor,
// offset and length, whatever happens to the file after it was mapped
// (grown, rewritten, truncated), and whatever descriptor numbers are reused.
//
// "What pread() returns" is asked of the kernel directly (syscall), which the
// interposed pread() of this binary cannot intercept.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "fahras/mapped_reads.h"
#include "fahras/searcher.h"
#include "test_support.h"

namespace fs = std::filesystem;
namespace mr = fahras::mapped_reads;
using fahras::test::TempDir;

namespace {

constexpr std::size_t kBlock = 8192;  // glass's default block size

// The kernel's answer, bypassing the interposed pread().
struct Read {
  ssize_t result = 0;
  int error = 0;
  std::string bytes;
  bool operator==(const Read& o) const { return result == o.result && error == o.error && bytes == o.bytes; }
};

Read kernel_pread(int fd, std::size_t n, off_t offset) {
  Read r;
  r.bytes.assign(n, '\xAA');
  errno = 0;
  r.result = static_cast<ssize_t>(::syscall(SYS_pread64, fd, r.bytes.data(), n, offset));
  r.error = r.result < 0 ? errno : 0;
  r.bytes.resize(r.result > 0 ? static_cast<std::size_t>(r.result) : 0);
  return r;
}

Read mapped_pread(int fd, std::size_t n, off_t offset) {
  Read r;
  r.bytes.assign(n, '\xAA');
  errno = 0;
  r.result = ::pread(fd, r.bytes.data(), n, offset);
  r.error = r.result < 0 ? errno : 0;
  r.bytes.resize(r.result > 0 ? static_cast<std::size_t>(r.result) : 0);
  return r;
}

// Some Arabic words, combined pseudo-randomly into passages: enough text
// for every table to span many blocks.
std::vector<fahras::test::TestDoc> corpus(int docs) {
  static const char* const kWords[] = {"المدرسة", "الطلاب",  "كتاب",   "العلوم",   "مكتبة",   "الجامعة", "البحث",
                                       "التاريخ", "القاهرة", "الرياض", "الاقتصاد", "السياسة", "الرياضة", "المعلم",
                                       "الشمس",   "القمر",   "البحر",  "الصحراء",  "المدينة", "الحكومة", "الشركة"};
  constexpr std::size_t kCount = sizeof kWords / sizeof kWords[0];
  std::mt19937 rng(7);
  std::vector<fahras::test::TestDoc> out;
  for (int d = 0; d < docs; ++d) {
    fahras::test::TestDoc doc;
    doc.id = "d" + std::to_string(d);
    doc.title = std::string(kWords[rng() % kCount]) + " " + kWords[rng() % kCount];
    for (int p = 0; p < 3; ++p) {
      std::string text;
      for (int w = 0; w < 40; ++w)
        text += std::string(kWords[rng() % kCount]) + " " + std::to_string(rng() % 500) + " ";
      doc.passages.push_back(text);
    }
    out.push_back(doc);
  }
  return out;
}

std::vector<std::string> table_files(const std::string& db) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(db))
    if (e.path().extension() == ".glass") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Whether `path` is mapped in this process (/proc/self/maps).
bool mapped_in_process(const std::string& path) {
  std::ifstream maps("/proc/self/maps");
  const std::string canonical = fs::canonical(path).string();
  for (std::string line; std::getline(maps, line);)
    if (line.size() >= canonical.size() &&
        line.compare(line.size() - canonical.size(), canonical.size(), canonical) == 0)
      return true;
  return false;
}

// The bytes of `path` mapped in this process, summed over its mappings.
std::size_t mapped_bytes(const std::string& path) {
  std::ifstream maps("/proc/self/maps");
  const std::string canonical = fs::canonical(path).string();
  std::size_t total = 0;
  for (std::string line; std::getline(maps, line);) {
    if (line.size() < canonical.size() ||
        line.compare(line.size() - canonical.size(), canonical.size(), canonical) != 0)
      continue;
    const std::size_t dash = line.find('-');
    total += std::stoull(line.substr(dash + 1), nullptr, 16) - std::stoull(line.substr(0, dash), nullptr, 16);
  }
  return total;
}

class MappedReadsTest : public ::testing::Test {
 protected:
  void SetUp() override { mr::enable(); }
  void TearDown() override { mr::enable(); }  // a test that turned it off leaves it on for the next
  TempDir dir_{"mapped-reads"};
};

// Every block of every table of a fahras index, and reads at odd offsets and
// lengths, across the end of the file and past it, come back byte for byte
// as pread() gives them.
TEST_F(MappedReadsTest, ReadsOfAFahrasIndexEqualPreadByteForByte) {
  const std::string db = dir_.path("db");
  fahras::test::build_db(db, corpus(300));
  const auto tables = table_files(db);
  ASSERT_GE(tables.size(), 3u);
  std::mt19937 rng(11);
  for (const auto& t : tables) {
    SCOPED_TRACE(t);
    const int fd = ::open(t.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    const auto size = static_cast<std::size_t>(fs::file_size(t));
    EXPECT_EQ(mr::mapped_length(fd), size);  // the read path below is the mapped one
    for (std::size_t off = 0; off < size; off += kBlock)
      EXPECT_EQ(mapped_pread(fd, kBlock, off), kernel_pread(fd, kBlock, off));
    for (int i = 0; i < 200; ++i) {
      const std::size_t off = rng() % (size + 2 * kBlock), n = rng() % (3 * kBlock);
      EXPECT_EQ(mapped_pread(fd, n, static_cast<off_t>(off)), kernel_pread(fd, n, static_cast<off_t>(off)))
          << "offset " << off << " length " << n;
    }
    EXPECT_EQ(mapped_pread(fd, 16, -1), kernel_pread(fd, 16, -1));  // EINVAL either way
    ::close(fd);
    EXPECT_EQ(mr::mapped_length(fd), 0u);
  }
}

// A file that grows after it was mapped (a writer adding blocks) and is
// rewritten in place: the old range shows the new bytes, the new range is
// read by pread(), a read across the old end too.
TEST_F(MappedReadsTest, AFileGrownAndRewrittenAfterMappingReadsAsPread) {
  const std::string path = dir_.write("t.glass", std::string(3 * kBlock, 'a'));
  const int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(mr::mapped_length(fd), 3 * kBlock);
  const int writer = ::open(path.c_str(), O_WRONLY);
  ASSERT_GE(writer, 0);
  const std::string more(2 * kBlock, 'b'), changed(100, 'c');
  ASSERT_EQ(::syscall(SYS_pwrite64, writer, more.data(), more.size(), 3 * kBlock), static_cast<long>(more.size()));
  ASSERT_EQ(::syscall(SYS_pwrite64, writer, changed.data(), changed.size(), kBlock + 10),
            static_cast<long>(changed.size()));
  for (std::size_t off : {std::size_t{0}, kBlock, 2 * kBlock, 3 * kBlock, 4 * kBlock, 5 * kBlock, 2 * kBlock + 5})
    EXPECT_EQ(mapped_pread(fd, kBlock, static_cast<off_t>(off)), kernel_pread(fd, kBlock, static_cast<off_t>(off)))
        << "offset " << off;
  EXPECT_EQ(mapped_pread(fd, kBlock, kBlock).bytes.substr(10, 100), changed);
  ::close(writer);
  ::close(fd);
}

// A descriptor number closed and handed out again names the new file: its
// reads never come from the old file's mapping.
TEST_F(MappedReadsTest, AReusedDescriptorNeverReadsTheOldMapping) {
  const std::string a = dir_.write("a.glass", std::string(kBlock, 'a'));
  const std::string b = dir_.write("b.glass", std::string(kBlock, 'b'));
  const std::string c = dir_.write("c.txt", std::string(kBlock, 'c'));
  const int fa = ::open(a.c_str(), O_RDONLY);
  ASSERT_GE(fa, 0);
  ASSERT_GT(mr::mapped_length(fa), 0u);
  ::close(fa);
  const int fc = ::open(c.c_str(), O_RDONLY);  // the lowest free number: fa's
  ASSERT_EQ(fc, fa);
  EXPECT_EQ(mr::mapped_length(fc), 0u);  // not a table file
  EXPECT_EQ(mapped_pread(fc, kBlock, 0).bytes, std::string(kBlock, 'c'));
  ::close(fc);
  const int fb = ::open(b.c_str(), O_RDONLY);
  ASSERT_EQ(fb, fa);
  EXPECT_EQ(mapped_pread(fb, kBlock, 0).bytes, std::string(kBlock, 'b'));
  // dup2 over a mapped descriptor: it now names c.txt.
  const int fc2 = ::open(c.c_str(), O_RDONLY);
  ASSERT_GE(fc2, 0);
  ASSERT_EQ(::dup2(fc2, fb), fb);
  EXPECT_EQ(mr::mapped_length(fb), 0u);
  EXPECT_EQ(mapped_pread(fb, kBlock, 0).bytes, std::string(kBlock, 'c'));
  ::close(fc2);
  ::close(fb);
}

// Only read-only opens of table files are mapped; nothing is once disabled.
TEST_F(MappedReadsTest, OnlyReadOnlyTableFilesAreMapped) {
  const std::string t = dir_.write("postlist.glass", std::string(kBlock, 'p'));
  const std::string other = dir_.write("iamglass", std::string(kBlock, 'v'));
  int fd = ::open(t.c_str(), O_RDWR);
  EXPECT_EQ(mr::mapped_length(fd), 0u);
  ::close(fd);
  fd = ::open(other.c_str(), O_RDONLY);
  EXPECT_EQ(mr::mapped_length(fd), 0u);
  ::close(fd);
  fd = ::open(t.c_str(), O_RDONLY);
  EXPECT_EQ(mr::mapped_length(fd), kBlock);
  ::close(fd);
  mr::disable();
  fd = ::open(t.c_str(), O_RDONLY);
  EXPECT_EQ(mr::mapped_length(fd), 0u);
  ::close(fd);
}

// A table file truncated under a reader (glass creating a database over an
// existing one truncates each table in place): touching the mapping past the
// new end raises SIGBUS; the read must instead answer as pread() does (a
// short or empty read), not crash.
TEST_F(MappedReadsTest, AFileTruncatedAfterMappingReadsAsPreadWithoutCrashing) {
  const std::string path = dir_.write("t.glass", std::string(4 * kBlock, 'a'));
  const int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(mr::mapped_length(fd), 4 * kBlock);
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(kBlock)), 0);
  const std::size_t before = mr::fault_fallbacks();
  for (std::size_t off : {std::size_t{0}, kBlock, 2 * kBlock, 3 * kBlock, kBlock / 2})
    EXPECT_EQ(mapped_pread(fd, kBlock, static_cast<off_t>(off)), kernel_pread(fd, kBlock, static_cast<off_t>(off)))
        << "offset " << off;
  EXPECT_GT(mr::fault_fallbacks(), before);  // the faults happened and were caught
  // Truncated to nothing, then rewritten shorter, as glass does.
  ASSERT_EQ(::truncate(path.c_str(), 0), 0);
  EXPECT_EQ(mapped_pread(fd, kBlock, 0), kernel_pread(fd, kBlock, 0));
  const int writer = ::open(path.c_str(), O_WRONLY);
  const std::string fresh(2 * kBlock, 'z');
  ASSERT_EQ(::syscall(SYS_pwrite64, writer, fresh.data(), fresh.size(), 0), static_cast<long>(fresh.size()));
  ::close(writer);
  for (std::size_t off = 0; off < 4 * kBlock; off += kBlock)
    EXPECT_EQ(mapped_pread(fd, kBlock, static_cast<off_t>(off)), kernel_pread(fd, kBlock, static_cast<off_t>(off)));
  ::close(fd);
}

// A SIGBUS that is not a guarded copy's still reaches the handler installed
// before enable() (in fahras-search, the fault guard's one clear line).
extern "C" void previous_sigbus_handler(int) {
  static const char kLine[] = "previous handler ran\n";
  const ssize_t ignored = ::write(STDERR_FILENO, kLine, sizeof kLine - 1);
  (void)ignored;
  ::_exit(7);
}

TEST(MappedReadsDeathTest, OtherBusErrorsStillReachThePreviousHandler) {
  // "threadsafe" re-runs this test alone in a fresh process, where enable()
  // has not run yet, so the handler below is the one it finds and chains to.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  TempDir dir("mapped-reads");
  const std::string path = dir.write("other.bin", std::string(2 * kBlock, 'x'));
  EXPECT_EXIT(
      {
        struct sigaction action {};
        action.sa_handler = previous_sigbus_handler;
        sigemptyset(&action.sa_mask);
        sigaction(SIGBUS, &action, nullptr);
        mr::enable();
        const int fd = ::open(path.c_str(), O_RDONLY);
        auto* p = static_cast<volatile const char*>(::mmap(nullptr, 2 * kBlock, PROT_READ, MAP_SHARED, fd, 0));
        if (::truncate(path.c_str(), 0) != 0) ::_exit(3);
        const char c = p[kBlock];  // not inside a read: not ours to recover
        ::_exit(c == 'x' ? 4 : 5);
      },
      ::testing::ExitedWithCode(7), "previous handler ran");
}

// Xapian's own reads go through the mapping (libxapian's open and pread are
// the interposed ones), and a search answers exactly as with pread().
TEST_F(MappedReadsTest, SearchesAnswerTheSameMappedOrNot) {
  const std::string db = dir_.path("db");
  fahras::test::build_db(db, corpus(300));
  const std::vector<std::string> queries = {"المدرسة", "كتاب العلوم", "\"البحر الصحراء\"", "الرياض 42",
                                            "الشمس OR القمر"};
  auto answers = [&](bool mapped) {
    if (mapped) {
      mr::enable();
    } else {
      mr::disable();
    }
    fahras::Searcher searcher(db, fahras::RankingOptions{});
    EXPECT_EQ(mapped_in_process(db + "/postlist.glass"), mapped);
    std::vector<std::string> out;
    for (const auto& q : queries) {
      fahras::SearchRequest req;
      req.query = q;
      req.limit = 20;
      req.snippets = true;
      req.exact_count = true;
      const auto r = searcher.search(req);
      std::string line = q + ": " + std::to_string(r.matches_estimated);
      for (const auto& h : r.hits)
        line += " " + h.passage.doc_id + "/" + std::to_string(h.score) + "/" + h.passage.text.substr(0, 40) + "/" +
                std::to_string(h.snippet.range.begin) + "-" + std::to_string(h.snippet.range.end);
      out.push_back(line);
    }
    return out;
  };
  const auto off = answers(false);
  const auto on = answers(true);
  EXPECT_EQ(on, off);
  EXPECT_FALSE(off.empty());
}

// fahras-search's batch maps by default and FAHRAS_MAPPED_READS=off turns
// it off: the same run either way.
TEST_F(MappedReadsTest, TheSearchBinarysBatchRunIsTheSameMappedOrNot) {
  if (!fahras::test::have_binary("fahras-search")) GTEST_SKIP() << "fahras-search is not built";
  const std::string db = dir_.path("db");
  fahras::test::build_db(db, corpus(300));
  const std::string queries =
      dir_.write("q.tsv", "1\tالمدرسة\n2\tكتاب العلوم\n3\t\"البحر الصحراء\"\n4\tالشمس OR القمر\n");
  const std::string cmd = fahras::test::shell_quote(fahras::test::bin("fahras-search")) + " " +
                          fahras::test::shell_quote(db) + " --queries " + fahras::test::shell_quote(queries) +
                          " --limit 20 --format trec";
  const auto on = fahras::test::run_command(cmd);
  const auto off = fahras::test::run_command("FAHRAS_MAPPED_READS=off " + cmd);
  ASSERT_EQ(on.status, 0) << on.err;
  ASSERT_EQ(off.status, 0) << off.err;
  EXPECT_EQ(on.out, off.out);
  EXPECT_NE(on.out, "");
}

// A database created over the one a reader has open truncates the reader's
// table files in place. Mapped or not, the reader then answers the same way
// (an error, or the same hits): never a crash.
TEST_F(MappedReadsTest, ADatabaseRecreatedUnderAReaderAnswersAsWithPread) {
  auto outcome = [&](bool mapped) {
    const std::string db = dir_.path(mapped ? "db-on" : "db-off");
    fahras::test::build_db(db, corpus(300));
    if (mapped) {
      mr::enable();
    } else {
      mr::disable();
    }
    Xapian::Database reader(db);
    EXPECT_EQ(mapped_in_process(db + "/postlist.glass"), mapped);
    {
      Xapian::WritableDatabase w(db, Xapian::DB_CREATE_OR_OVERWRITE);
      w.add_document(Xapian::Document());
      w.commit();
    }
    std::string out;
    try {
      Xapian::Enquire e(reader);
      e.set_query(Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("Zكتاب"), Xapian::Query("Zمدرس")));
      const Xapian::MSet m = e.get_mset(0, 50);
      for (auto it = m.begin(); it != m.end(); ++it)
        out += std::to_string(*it) + " " + it.get_document().get_data().substr(0, 8);
      out += " total " + std::to_string(reader.get_doccount());
    } catch (const Xapian::Error& x) {
      out = std::string("error ") + x.get_type();
    }
    return out;
  };
  const std::string off = outcome(false);
  const std::string on = outcome(true);
  EXPECT_EQ(on, off);
}

// A reader that reopens after a writer's commits maps the grown tables at
// their new size (Xapian reopens each table file), so a server's reads after
// a reopen are mapped again rather than left to pread() past the old end.
TEST_F(MappedReadsTest, AReopenedReaderMapsTheGrownTables) {
  const std::string db = dir_.path("db");
  fahras::test::build_db(db, corpus(50));
  Xapian::Database reader(db);
  const std::string postlist = db + "/postlist.glass";
  ASSERT_EQ(mapped_bytes(postlist), fs::file_size(postlist));
  const auto before = fs::file_size(postlist);
  {
    Xapian::WritableDatabase w(db, Xapian::DB_OPEN);
    for (const auto& d : corpus(400)) {
      Xapian::Document doc;
      for (const auto& p : d.passages) doc.add_term("Z" + p.substr(0, 30) + d.id);
      w.add_document(doc);
    }
    w.commit();
  }
  ASSERT_GT(fs::file_size(postlist), before);
  ASSERT_TRUE(reader.reopen());
  EXPECT_EQ(mapped_bytes(postlist), fs::file_size(postlist));
}

// Readers on several threads, each with its own descriptors, and one
// descriptor shared by all, while other threads open and close table files:
// every read equals pread().
TEST_F(MappedReadsTest, ConcurrentReadersGetPreadsBytes) {
  const std::string db = dir_.path("db");
  fahras::test::build_db(db, corpus(200));
  const auto tables = table_files(db);
  const int shared = ::open(tables[0].c_str(), O_RDONLY);
  ASSERT_GT(mr::mapped_length(shared), 0u);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      for (int round = 0; round < 40; ++round) {
        const std::string& path = tables[rng() % tables.size()];
        const bool use_shared = t % 2 == 0;
        const int fd = use_shared ? shared : ::open(path.c_str(), O_RDONLY);
        const auto size = static_cast<std::size_t>(fs::file_size(use_shared ? tables[0] : path));
        for (int i = 0; i < 50; ++i) {
          const auto off = static_cast<off_t>((rng() % (size / kBlock + 1)) * kBlock);
          if (!(mapped_pread(fd, kBlock, off) == kernel_pread(fd, kBlock, off))) ++mismatches;
        }
        if (!use_shared) ::close(fd);
      }
    });
  }
  for (auto& th : threads) th.join();
  ::close(shared);
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
