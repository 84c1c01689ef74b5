// fahras-search's --variants, --variant-weight and --synonyms on an index
// written by the real fahras-index from small Arabic news items.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.h"

using fahras::test::CommandResult;
using fahras::test::shell_quote;

namespace {

constexpr const char* kNews =
    R"({"id":"trump-a","title":"البيت الأبيض","text":"أعلن الرئيس الأمريكي دونالد ترامب أمس فرض رسوم جديدة على واردات الصلب."}
{"id":"trump-b","title":"واشنطن","text":"قال الرئيس الأميركي دونالد ترمب إن المفاوضات التجارية مع الصين ستستأنف الشهر المقبل."}
{"id":"putin","title":"موسكو","text":"استقبل الرئيس الروسي فلاديمير بوتن نظيره في الكرملين لبحث التعاون."}
{"id":"google","title":"تقنية","text":"أطلقت شركة غوغل خدمة ترجمة فورية تدعم اللغة العربية."}
{"id":"abdallah","title":"الرياض","text":"رعى الأمير عبد الله حفل تخريج الدفعة الجديدة من الطلاب."}
{"id":"phone","title":"أسواق","text":"ارتفعت مبيعات الهاتف الذكي في المملكة خلال الربع الثاني."}
)";

class VariantsCli : public fahras::test::CliTest {
 protected:
  VariantsCli() : CliTest("variants-cli") {}

  void SetUp() override {
    CliTest::SetUp();
    if (IsSkipped()) return;
    const std::string corpus = tmp_.write("news.jsonl", kNews);
    db_ = tmp_.path("db");
    auto r = run_index(db_, shell_quote(corpus));
    ASSERT_EQ(r.status, 0) << r.err;
  }

  CommandResult search(const std::string& args) { return run_search(db_, "--spelling off " + args); }

  std::vector<std::string> ids(const std::string& args) { return run_ids(db_, "--spelling off " + args); }

  std::string db_;
};

TEST_F(VariantsCli, ANameFindsItsOtherSpellingBelowTheOneTyped) {
  EXPECT_EQ(ids("ترامب"), (std::vector<std::string>{"trump-a", "trump-b"}));
  EXPECT_EQ(ids("ترمب"), (std::vector<std::string>{"trump-b", "trump-a"}));
  EXPECT_EQ(ids("بوتين"), (std::vector<std::string>{"putin"}));
  EXPECT_EQ(ids("جوجل"), (std::vector<std::string>{"google"}));
  EXPECT_EQ(ids("عبدالله"), (std::vector<std::string>{"abdallah"}));
}

TEST_F(VariantsCli, TheAnswerSaysWhatWasAddedAndOffTurnsItOff) {
  auto r = search("ترامب");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("ترامب → ترمب"), std::string::npos) << r.out;
  EXPECT_EQ(ids("--variants off ترامب"), (std::vector<std::string>{"trump-a"}));
  EXPECT_TRUE(ids("--variants off جوجل").empty());
  EXPECT_TRUE(ids("--variant-weight 0 بوتين").empty());
}

TEST_F(VariantsCli, ASynonymsFileAddsItsGroupsBelowTheWordTyped) {
  const std::string file = tmp_.write("syn.txt", "# phones\nجوال، موبايل, هاتف\n");
  EXPECT_TRUE(ids("جوال").empty());
  EXPECT_EQ(ids("--synonyms " + shell_quote(file) + " جوال"), (std::vector<std::string>{"phone"}));
}

TEST_F(VariantsCli, ABadSynonymsFileIsRefusedWithItsLine) {
  const std::string file = tmp_.write("syn.txt", "جوال هاتف\nموبايل\n");
  auto r = search("--synonyms " + shell_quote(file) + " جوال");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(file + ":2: a group needs at least two words"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  auto missing = search("--synonyms " + shell_quote(tmp_.path("none.txt")) + " جوال");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("none.txt"), std::string::npos) << missing.err;
}

TEST_F(VariantsCli, AWordInAFieldGetsNoBodyVariants) {
  const std::string corpus = tmp_.write(
      "authored.jsonl",
      std::string(kNews) + R"({"id":"column","title":"رأي","text":"مقال عن الاقتصاد.","author":"ترامب"})" + "\n");
  db_ = tmp_.path("fields-db");
  auto r = run_index(db_, "--field author:text " + shell_quote(corpus));
  ASSERT_EQ(r.status, 0) << r.err;
  // Only the column's author matches: trump-b's body spelling is no author.
  EXPECT_EQ(ids("author:ترامب"), (std::vector<std::string>{"column"}));
}

TEST_F(VariantsCli, BadSwitchValuesAreUsageErrors) {
  EXPECT_EQ(search("--variants maybe ترامب").status, 2);
  EXPECT_EQ(search("--variant-weight 2 ترامب").status, 2);
  EXPECT_EQ(search("--synonym-weight -1 ترامب").status, 2);
}

}  // namespace
