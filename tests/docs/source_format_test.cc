// Every C++ source is in the project's clang-format style (scripts/format --check, .clang-format),
// so a reformat never hides in a change that is about something else. The style was tuned with
// Debian 12's clang-format 14; without that binary the test skips and says so.
#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace {

TEST(SourceFormat, EverySourceFileIsInTheProjectStyle) {
  const auto version = fahras::test::run_command("clang-format --version");
  if (version.status != 0 || version.out.find(" 14.") == std::string::npos)
    GTEST_SKIP() << "clang-format 14 (Debian 12, scripts/install-deps) is not installed: " << version.out
                 << version.err;
  const auto r = fahras::test::run_command(
      fahras::test::shell_quote(std::string(FAHRAS_SOURCE_DIR) + "/scripts/format") + " --check");
  EXPECT_EQ(r.status, 0) << "files not in the project style (run scripts/format):\n" << r.out << r.err;
}

}  // namespace
