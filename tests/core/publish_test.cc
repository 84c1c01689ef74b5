// Publishing a database folder written aside (fahras/publish.h): the new
// folder appears at its target in one rename, never over something that is
// there, and every failed step is reported with the paths involved.
#include "fahras/publish.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <system_error>

#include "test_util.h"

namespace {

namespace fs = std::filesystem;
using fahras::test::read_file;
using fahras::test::TempDir;

TEST(PublishDatabase, MovesTheBuiltFolderToAnEmptyTargetAndReportsRightAfterTheRename) {
  TempDir tmp("publish");
  tmp.write("db.building/postlist.glass", "p");
  tmp.write("db.building/sub/x", "x");
  fs::create_directory(tmp.path("db"));  // an empty folder is a new database's place
  bool seen = false;
  fahras::publish_database(tmp.path("db.building"), tmp.path("db"), [&] {
    seen = true;
    EXPECT_EQ(read_file(tmp.path("db/postlist.glass")), "p");  // already in place
  });
  EXPECT_TRUE(seen);
  EXPECT_FALSE(fs::exists(tmp.path("db.building")));
  EXPECT_EQ(read_file(tmp.path("db/sub/x")), "x");
}

TEST(PublishDatabase, NeverReplacesATargetThatHoldsSomething) {
  TempDir tmp("publish");
  tmp.write("db.building/new", "new");
  tmp.write("db/old", "old");
  bool seen = false;
  try {
    fahras::publish_database(tmp.path("db.building"), tmp.path("db"), [&] { seen = true; });
    FAIL() << "published over an existing database";
  } catch (const std::system_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(tmp.path("db.building")), std::string::npos) << what;
    EXPECT_NE(what.find(tmp.path("db")), std::string::npos) << what;
  }
  EXPECT_FALSE(seen);
  EXPECT_EQ(read_file(tmp.path("db/old")), "old");
  EXPECT_EQ(read_file(tmp.path("db.building/new")), "new");
}

TEST(PublishDatabase, ReportsABuildThatIsNotThere) {
  TempDir tmp("publish");
  EXPECT_THROW(fahras::publish_database(tmp.path("missing"), tmp.path("db")), std::system_error);
  EXPECT_FALSE(fs::exists(tmp.path("db")));
}

TEST(SwapInDatabase, ExchangesTheFoldersSoTheReplacementHoldsTheOldDatabase) {
  TempDir tmp("swap");
  tmp.write("db/table", "old");
  tmp.write("db.compact-tmp/table", "compacted");
  fahras::swap_in_database(tmp.path("db.compact-tmp"), tmp.path("db"));
  EXPECT_EQ(read_file(tmp.path("db/table")), "compacted");
  EXPECT_EQ(read_file(tmp.path("db.compact-tmp/table")), "old");
}

TEST(SwapInDatabase, ReportsAMissingTargetAndChangesNothing) {
  TempDir tmp("swap");
  tmp.write("db.compact-tmp/table", "compacted");
  EXPECT_THROW(fahras::swap_in_database(tmp.path("db.compact-tmp"), tmp.path("db")), std::system_error);
  EXPECT_EQ(read_file(tmp.path("db.compact-tmp/table")), "compacted");
  EXPECT_FALSE(fs::exists(tmp.path("db")));
}

TEST(SyncTree, ReportsAPathThatCannotBeOpened) {
  TempDir tmp("sync");
  EXPECT_THROW(fahras::sync_path(tmp.path("missing"), false), std::system_error);
  tmp.write("a/b", "b");
  EXPECT_NO_THROW(fahras::sync_tree(tmp.path("a")));
}

}  // namespace
