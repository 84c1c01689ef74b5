// The writer choice of fahras-index as a library call (open_writer.h): which
// database layout each WriterLayout gives, and the option ranges it refuses.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "../common/test_util.h"
#include "fahras/error.h"
#include "fahras/open_writer.h"
#include "fahras/shard.h"

namespace fs = std::filesystem;
using fahras::test::TempDir;

namespace {

// Indexes three small JSON Lines documents into `db` through the writer
// `layout` chooses; returns the writer's statistics.
fahras::IndexStats index_three(const TempDir& tmp, const std::string& db, const fahras::WriterLayout& layout,
                               bool check_before_close = false) {
  const std::string input = tmp.write("docs.jsonl",
                                      "{\"id\": \"a\", \"title\": \"الأول\", \"text\": \"الصين وروسيا\"}\n"
                                      "{\"id\": \"b\", \"title\": \"الثاني\", \"text\": \"النفط والغاز\"}\n"
                                      "{\"id\": \"c\", \"title\": \"الثالث\", \"text\": \"وزير الخارجية\"}\n");
  fahras::IndexOptions options;
  options.db_path = db;
  fahras::AnyIndexWriter writer(options, layout);
  fahras::InputReader reader({input}, {}, [](const fahras::InputWarning&) {});
  const fahras::IndexStats stats = writer.run(reader);
  if (check_before_close) {
    // Built aside: nothing is at DIR until close().
    EXPECT_FALSE(fs::exists(db)) << db;
  }
  writer.close();
  return stats;
}

fahras::WriterLayout layout_of(std::uint32_t shards, unsigned build_writers) {
  fahras::WriterLayout layout;
  layout.shards = shards;
  layout.build_writers = build_writers;
  return layout;
}

// `db` holds the three documents in `shards` shards (0: a plain database),
// and nothing is left aside.
void expect_three_documents(const std::string& db, std::size_t shards) {
  EXPECT_EQ(fahras::local_shards(db).size(), shards) << db;
  EXPECT_FALSE(fs::exists(db + ".building")) << db;
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 3u) << db;
}

TEST(OpenWriter, ShardsAboveOneMakeAShardedDatabaseListedByItsStub) {
  TempDir tmp("open-writer");
  const std::string db = tmp.path("sharded.db");
  EXPECT_EQ(index_three(tmp, db, layout_of(3, 0)).documents, 3u);
  expect_three_documents(db, 3);
}

TEST(OpenWriter, AnExistingShardedDatabaseKeepsItsLayoutWhateverTheLayoutAsks) {
  TempDir tmp("open-writer");
  const std::string db = tmp.path("sharded.db");
  index_three(tmp, db, layout_of(3, 0));
  // No --shards: the stub decides; the documents are re-indexed, not added twice.
  EXPECT_EQ(index_three(tmp, db, layout_of(0, 0)).documents, 3u);
  expect_three_documents(db, 3);
}

TEST(OpenWriter, ParallelBuildWritersMergeIntoOnePlainDatabaseAppearingAtClose) {
  TempDir tmp("open-writer");
  const std::string db = tmp.path("merged.db");
  EXPECT_EQ(index_three(tmp, db, layout_of(0, 2), /*check_before_close=*/true).documents, 3u);
  expect_three_documents(db, 0);
}

TEST(OpenWriter, OneBuildWriterIsStagedAsideToo) {
  TempDir tmp("open-writer");
  const std::string db = tmp.path("single.db");
  EXPECT_EQ(index_three(tmp, db, layout_of(0, 1), /*check_before_close=*/true).documents, 3u);
  expect_three_documents(db, 0);
}

TEST(OpenWriter, InPlaceWritesAtTheDatabasePathAsItGoes) {
  TempDir tmp("open-writer");
  const std::string db = tmp.path("in-place.db");
  const std::string input = tmp.write("one.jsonl", "{\"id\": \"a\", \"title\": \"t\", \"text\": \"الصين\"}\n");
  fahras::IndexOptions options;
  options.db_path = db;
  fahras::WriterLayout layout;
  layout.in_place = true;
  fahras::AnyIndexWriter writer(options, layout);
  fahras::InputReader reader({input}, {}, [](const fahras::InputWarning&) {});
  writer.run(reader);
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 1u);  // committed at DIR before close()
  writer.close();
}

TEST(OpenWriter, OutOfRangeLayoutsAndOptionsAreUsageErrorsNamingTheOption) {
  fahras::WriterLayout layout;
  EXPECT_NO_THROW(layout.validate());
  layout.shards = 257;
  EXPECT_THROW(layout.validate(), fahras::UsageError);
  layout.shards = 256;
  layout.build_writers = 65;
  try {
    layout.validate();
    ADD_FAILURE() << "65 build writers accepted";
  } catch (const fahras::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--build-writers"), std::string::npos) << e.what();
  }

  fahras::IndexOptions options;
  EXPECT_NO_THROW(fahras::validate(options));
  options.batch_size = 0;
  EXPECT_THROW(fahras::validate(options), fahras::UsageError);
  options.batch_size = 1;
  options.threads = 1025;
  EXPECT_THROW(fahras::validate(options), fahras::UsageError);
  options.threads = 0;
  options.splitter.target_bytes = 63;
  EXPECT_THROW(fahras::validate(options), fahras::UsageError);
}

}  // namespace
