// Every relative link of the project's Markdown (README.md, docs/, stemmer/, data/) names a file that
// exists and, for a #anchor, a heading that exists: scripts/check-links, run on the source tree. Moving
// a section between files (README.md -> docs/) must move its links' targets with it.
#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace {

TEST(DocLinks, EveryRelativeLinkResolves) {
  const auto r = fahras::test::run_command(
      "python3 " + fahras::test::shell_quote(std::string(FAHRAS_SOURCE_DIR) + "/scripts/check-links"));
  EXPECT_EQ(r.status, 0) << "broken links (file:line: target: why):\n" << r.out << r.err;
  EXPECT_NE(r.err.find("0 broken links"), std::string::npos) << r.err;
}

}  // namespace
