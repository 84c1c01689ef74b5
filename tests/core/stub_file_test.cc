// Xapian stub files (fahras/stub_file.h): one grammar for the indexer, which
// writes and extends sharded databases, and the searcher, which opens them.
#include "fahras/stub_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "fahras/error.h"
#include "test_util.h"

namespace {

namespace fs = std::filesystem;
using fahras::StubEntry;
using fahras::test::read_file;
using fahras::test::TempDir;

std::string error_of(const fs::path& stub) {
  try {
    fahras::read_stub_file(stub);
  } catch (const fahras::DatabaseError& e) {
    return e.what();
  }
  return "";
}

TEST(StubFile, WhatIsWrittenReadsBackEntryForEntry) {
  TempDir tmp("stub");
  const std::vector<StubEntry> written = {{"auto", "shard-000"}, {"glass", "/srv/db two"}, {"remote", "[::1]:7000"}};
  const fs::path stub = tmp.path("XAPIANDB");
  fahras::write_stub_file(stub, "three databases", written);
  EXPECT_EQ(read_file(stub), "# three databases\nauto shard-000\nglass /srv/db two\nremote [::1]:7000\n");
  EXPECT_FALSE(fs::exists(stub.string() + ".tmp"));
  const auto read = fahras::read_stub_file(stub);
  ASSERT_EQ(read.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(read[i].type, written[i].type);
    EXPECT_EQ(read[i].where, written[i].where);
    EXPECT_EQ(read[i].line, static_cast<int>(i) + 2);
  }
  EXPECT_FALSE(read[0].remote());
  EXPECT_TRUE(read[2].remote());
}

TEST(StubFile, CommentsBlankLinesCarriageReturnsAndSpacesInPathsAreRead) {
  TempDir tmp("stub");
  const auto stub = tmp.write("XAPIANDB", "# comment\r\n\r\nauto   shard 1\r\n\nglass\tb\n");
  const auto read = fahras::read_stub_file(stub);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].where, "shard 1");
  EXPECT_EQ(read[0].line, 3);
  EXPECT_EQ(read[1].where, "b");
}

TEST(StubFile, ALineOutsideTheGrammarIsRefusedWithItsFileAndLine) {
  TempDir tmp("stub");
  const auto stub = tmp.write("XAPIANDB", "auto a\ninmemory\n");
  EXPECT_EQ(error_of(stub), stub +
                                ":2: expected \"auto PATH\", \"glass PATH\" or \"remote HOST:PORT\", not "
                                "\"inmemory\"");
  const auto no_path = tmp.write("two", "auto\n");
  EXPECT_NE(error_of(no_path).find(no_path + ":1: expected"), std::string::npos);
  const auto chert = tmp.write("three", "chert old\n");
  EXPECT_NE(error_of(chert).find(chert + ":1: expected"), std::string::npos);
}

TEST(StubFile, AnEmptyOrMissingStubIsRefused) {
  TempDir tmp("stub");
  const auto empty = tmp.write("XAPIANDB", "# nothing\n\n");
  EXPECT_EQ(error_of(empty), "stub database file " + empty + " lists no database");
  EXPECT_EQ(error_of(tmp.path("missing")), "cannot read stub database file " + tmp.path("missing"));
}

TEST(StubFile, LocalPathsAreRelativeToTheStubsFolder) {
  TempDir tmp("stub");
  const fs::path stub = tmp.path("dir/XAPIANDB");
  EXPECT_EQ(fahras::stub_entry_path(StubEntry{"auto", "shard-001"}, stub), fs::path(tmp.path("dir/shard-001")));
  EXPECT_EQ(fahras::stub_entry_path(StubEntry{"auto", "/abs/db"}, stub), fs::path("/abs/db"));
}

}  // namespace
