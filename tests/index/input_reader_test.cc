#include "fahras/input_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "test_util.h"

namespace {

namespace fs = std::filesystem;
using fahras::InputReader;
using fahras::InputWarning;
using fahras::SourceDocument;

using fahras::test::TempDir;

struct ReadResult {
  std::vector<SourceDocument> docs;
  std::vector<InputWarning> warnings;
};

ReadResult read_all(std::vector<std::string> inputs, fahras::InputOptions options = {}) {
  ReadResult result;
  InputReader reader(std::move(inputs), options, [&](const InputWarning& w) { result.warnings.push_back(w); });
  SourceDocument doc;
  while (reader.next(doc)) result.docs.push_back(doc);
  EXPECT_EQ(reader.warnings(), result.warnings.size());
  return result;
}

std::string warnings_text(const ReadResult& r) {
  std::string s;
  for (const auto& w : r.warnings) s += w.origin + ": " + w.message + "\n";
  return s;
}

TEST(InputReader, TextFileIsOneDocumentTitledByItsFirstLine) {
  TempDir dir;
  const std::string path = dir.write("article.txt", "\n  العنوان الرئيسي  \nالفقرة الأولى.\n");
  const ReadResult r = read_all({path});
  ASSERT_EQ(r.docs.size(), 1u) << warnings_text(r);
  EXPECT_EQ(r.docs[0].id, "article.txt");
  EXPECT_EQ(r.docs[0].title, "العنوان الرئيسي");
  EXPECT_EQ(r.docs[0].text, "\n  العنوان الرئيسي  \nالفقرة الأولى.\n");  // whole file, untouched
  EXPECT_TRUE(r.docs[0].metadata_json.empty());
  EXPECT_TRUE(r.warnings.empty());
}

TEST(InputReader, FolderIsReadRecursivelyInSortedOrderSkippingHiddenFiles) {
  TempDir dir;
  dir.write("b.txt", "ب");
  dir.write("a/z.txt", "ز");
  dir.write("a/c.txt", "ج");
  dir.write(".hidden.txt", "مخفي");
  dir.write(".git/config", "مخفي");
  dir.write("c.jsonl", R"({"id":"j1","text":"نص"})"
                       "\n");
  const ReadResult r = read_all({dir.path()});
  ASSERT_EQ(r.docs.size(), 4u) << warnings_text(r);
  EXPECT_EQ(r.docs[0].id, "a/c.txt");
  EXPECT_EQ(r.docs[1].id, "a/z.txt");
  EXPECT_EQ(r.docs[2].id, "b.txt");
  EXPECT_EQ(r.docs[3].id, "j1");
  EXPECT_TRUE(r.warnings.empty()) << warnings_text(r);
}

TEST(InputReader, JsonlKeepsExtraFieldsAsMetadata) {
  TempDir dir;
  const std::string path = dir.write(
      "docs.jsonl",
      R"({"id":"d1","title":"عنوان","text":"نص \"مقتبس\"\nسطر","source":"okaz","tags":["a",1],"n":{"x":null}})"
      "\n"
      R"({"text":"ثاني","id":42})"
      "\n");
  const ReadResult r = read_all({path});
  ASSERT_EQ(r.docs.size(), 2u) << warnings_text(r);
  EXPECT_EQ(r.docs[0].id, "d1");
  EXPECT_EQ(r.docs[0].title, "عنوان");
  EXPECT_EQ(r.docs[0].text, "نص \"مقتبس\"\nسطر");
  EXPECT_EQ(r.docs[0].metadata_json, R"({"source":"okaz","tags":["a",1],"n":{"x":null}})");
  EXPECT_EQ(r.docs[0].origin, path + ":1");
  EXPECT_EQ(r.docs[1].id, "42");
  EXPECT_EQ(r.docs[1].title, "");
  EXPECT_EQ(r.docs[1].origin, path + ":2");
}

TEST(InputReader, MalformedJsonNamesTheLineAndTheRestIsRead) {
  TempDir dir;
  const std::string path = dir.write("docs.jsonl",
                                     R"({"id":"1","text":"أ"})"
                                     "\n"
                                     "\n"  // blank lines are ignored silently
                                     R"({"id":"2","text":"ب")"
                                     "\n"
                                     R"({"id":"3","text":"ج"})"
                                     "\n");
  const ReadResult r = read_all({path});
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[1].id, "3");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].origin, path + ":3");
  EXPECT_NE(r.warnings[0].message.find("malformed JSON"), std::string::npos) << r.warnings[0].message;
}

TEST(InputReader, MissingTextFieldIsAWarning) {
  TempDir dir;
  const std::string path = dir.write("docs.jsonl", R"({"id":"1","title":"بلا نص"})"
                                                   "\n"
                                                   R"({"id":"2","text":5})"
                                                   "\n"
                                                   R"({"title":"بلا معرف","text":"نص"})"
                                                   "\n"
                                                   R"(["not","an","object"])"
                                                   "\n");
  const ReadResult r = read_all({path});
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.warnings.size(), 4u);
  EXPECT_EQ(r.warnings[0].origin, path + ":1");
  EXPECT_NE(r.warnings[0].message.find("missing \"text\""), std::string::npos);
  EXPECT_NE(r.warnings[1].message.find("\"text\" is not a string"), std::string::npos);
  EXPECT_NE(r.warnings[2].message.find("missing \"id\""), std::string::npos);
  EXPECT_NE(r.warnings[3].message.find("not a JSON object"), std::string::npos);
}

TEST(InputReader, InvalidUtf8IsAWarningInTextAndJsonl) {
  TempDir dir;
  const std::string txt = dir.write("bad.txt", "نص \xC3\x28 مكسور");
  const std::string jsonl = dir.write("bad.jsonl", "{\"id\":\"1\",\"text\":\"\xED\xA0\x80\"}\n");
  const ReadResult r = read_all({txt, jsonl});
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0].origin, txt);
  EXPECT_NE(r.warnings[0].message.find("invalid UTF-8 at byte offset 5"), std::string::npos) << r.warnings[0].message;
  EXPECT_EQ(r.warnings[1].origin, jsonl + ":1");
  EXPECT_NE(r.warnings[1].message.find("invalid UTF-8"), std::string::npos) << r.warnings[1].message;
}

TEST(InputReader, NulBytesAndBinaryFilesAreWarnings) {
  TempDir dir;
  dir.write("image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  dir.write("nul.txt", std::string("نص\0نص", 9));
  dir.write("escaped.jsonl", R"({"id":"1","text":"a\u0000b"})"
                             "\n");
  dir.write("ok.txt", "سليم");
  const ReadResult r = read_all({dir.path()});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "ok.txt");
  ASSERT_EQ(r.warnings.size(), 3u) << warnings_text(r);
  EXPECT_NE(r.warnings[0].origin.find("escaped.jsonl:1"), std::string::npos);
  EXPECT_NE(r.warnings[0].message.find("NUL"), std::string::npos);
  EXPECT_NE(r.warnings[1].origin.find("image.png"), std::string::npos);
  EXPECT_NE(r.warnings[1].message.find("not a UTF-8 text file"), std::string::npos);
  EXPECT_NE(r.warnings[2].origin.find("nul.txt"), std::string::npos);
  EXPECT_NE(r.warnings[2].message.find("NUL byte at byte offset 4"), std::string::npos) << r.warnings[2].message;
}

TEST(InputReader, EmptyAndBlankFilesAreWarnings) {
  TempDir dir;
  const std::string empty = dir.write("empty.txt", "");
  const std::string blank = dir.write("blank.txt", " \n\t\n");
  const std::string blank_text = dir.write("blank.jsonl", R"({"id":"1","text":"  "})"
                                                          "\n");
  const ReadResult r = read_all({empty, blank, blank_text});
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.warnings.size(), 3u);
  EXPECT_NE(r.warnings[0].message.find("empty file"), std::string::npos);
  EXPECT_NE(r.warnings[1].message.find("white space"), std::string::npos);
  EXPECT_NE(r.warnings[2].message.find("empty \"text\""), std::string::npos);
}

TEST(InputReader, MissingPathIsAWarningAndOtherInputsAreRead) {
  TempDir dir;
  const std::string ok = dir.write("ok.txt", "سليم");
  const std::string missing = dir.path("nope.txt");
  const ReadResult r = read_all({missing, ok});
  ASSERT_EQ(r.docs.size(), 1u);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].origin, missing);
  EXPECT_NE(r.warnings[0].message.find("no such file"), std::string::npos);
}

TEST(InputReader, DanglingSymlinkInFolderIsAWarning) {
  TempDir dir;
  dir.write("ok.txt", "سليم");
  fs::create_symlink(dir.path("gone.txt"), dir.path("link.txt"));
  const ReadResult r = read_all({dir.path()});
  ASSERT_EQ(r.docs.size(), 1u);
  ASSERT_EQ(r.warnings.size(), 1u) << warnings_text(r);
  EXPECT_NE(r.warnings[0].origin.find("link.txt"), std::string::npos);
}

TEST(InputReader, UnreadableFileIsAWarning) {
  if (::geteuid() == 0) GTEST_SKIP() << "running as root: permissions are not enforced";
  TempDir dir;
  const std::string path = dir.write("secret.txt", "سري");
  fs::permissions(path, fs::perms::none);
  const ReadResult r = read_all({path});
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("cannot open"), std::string::npos);
}

TEST(InputReader, OverlongLinesAndFilesAreRefusedWithBoundedMemory) {
  TempDir dir;
  std::string huge = R"({"id":"big","text":")" + std::string(3 << 20, 'x') + "\"}\n";
  const std::string jsonl = dir.write("big.jsonl", huge + R"({"id":"small","text":"صغير"})"
                                                          "\n");
  const std::string txt = dir.write("big.txt", std::string(3 << 20, 'y'));
  fahras::InputOptions options;
  options.max_document_bytes = 1 << 20;
  const ReadResult r = read_all({jsonl, txt}, options);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "small");
  EXPECT_EQ(r.docs[0].origin, jsonl + ":2");
  ASSERT_EQ(r.warnings.size(), 2u) << warnings_text(r);
  EXPECT_EQ(r.warnings[0].origin, jsonl + ":1");
  EXPECT_NE(r.warnings[0].message.find("longer than"), std::string::npos);
  EXPECT_NE(r.warnings[1].message.find("larger than"), std::string::npos);
}

TEST(InputReader, StdinIsJsonLines) {
  TempDir dir;
  const std::string path = dir.write("in.jsonl", R"({"id":"s1","text":"من المدخل"})"
                                                 "\n"
                                                 "{oops}\n");
  // Redirect our stdin to the file for the duration of the test.
  const int saved = ::dup(STDIN_FILENO);
  ASSERT_NE(std::freopen(path.c_str(), "r", stdin), nullptr);
  const ReadResult r = read_all({"-"});
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "s1");
  EXPECT_EQ(r.docs[0].origin, "<stdin>:1");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].origin, "<stdin>:2");
}

TEST(InputReader, StopFlagEndsReadingEarly) {
  TempDir dir;
  const std::string a = dir.write("a.txt", "أ");
  const std::string b = dir.write("b.txt", "ب");
  std::atomic<bool> stop{false};
  fahras::InputOptions options;
  options.stop = &stop;
  InputReader reader({a, b}, options, nullptr);
  SourceDocument doc;
  ASSERT_TRUE(reader.next(doc));
  stop = true;
  EXPECT_FALSE(reader.next(doc));
}

TEST(InputReader, CheckTextReportsOffsets) {
  std::string why;
  EXPECT_TRUE(fahras::check_text("سليم ok", why));
  EXPECT_FALSE(fahras::check_text("ab\xF4\x90\x80\x80", why));  // above U+10FFFF
  EXPECT_NE(why.find("offset 2"), std::string::npos) << why;
  EXPECT_FALSE(fahras::check_text("\xC0\xAF", why));            // overlong '/'
  EXPECT_FALSE(fahras::check_text("abcdefghij\xE2\x82", why));  // truncated at the end
  EXPECT_NE(why.find("offset 10"), std::string::npos) << why;
}

}  // namespace
