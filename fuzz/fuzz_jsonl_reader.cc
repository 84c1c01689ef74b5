// fuzz_jsonl_reader: any bytes as a JSON Lines file, and as a text file,
// through fahras::InputReader (the indexer's input).
// The reader takes paths only (no stream or buffer API), so each input is
// written to a file in a private temporary folder (tmpfs when available).
// Invariants (input_reader.h):
//  - JSON Lines: every line longer than max_document_bytes gives a warning;
//    every other non-blank line gives exactly one document or one warning,
//    in line order, with origin "<path>:<line>"; a line gives a document
//    exactly when parse_jsonl_document() accepts it alone, with the same
//    fields (title cut to max_title_bytes); reader.warnings() counts the
//    warnings;
//  - every document: id non-empty, at most schema::kMaxDocIdBytes, title at
//    most max_title_bytes, and id, title and text valid UTF-8 without NUL
//    (text: "original bytes, valid UTF-8, no NUL"); text not only white
//    space; metadata_json empty or a JSON object without id/title/text;
//  - a text file is one document (text = the bytes, id = the file name)
//    exactly when it is non-empty, within the size limit, valid UTF-8
//    without NUL and not only white space; otherwise one warning.
#include <simdjson.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "fahras/input_reader.h"
#include "fahras/schema.h"
#include "fuzz_check.h"

namespace {

namespace fs = std::filesystem;
using fahras_fuzz::hex;
using fahras_fuzz::valid_utf8;

// Small limits, so that short fuzz inputs reach the "too long" paths.
constexpr std::size_t kMaxDoc = 1024;
constexpr std::size_t kMaxTitle = 24;

fs::path g_dir;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool all_space(std::string_view s) {
  for (char c : s)
    if (!is_space(c)) return false;
  return true;
}

void write_file(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) fahras_fuzz::fail(__FILE__, __LINE__, "write_file", "cannot write " + p.string());
}

struct Event {
  bool is_doc;
  std::string origin;
  fahras::SourceDocument doc;
};

std::vector<Event> read_all(const std::string& path, std::uint64_t& counted) {
  std::vector<Event> events;
  fahras::InputOptions options;
  options.max_document_bytes = kMaxDoc;
  options.max_title_bytes = kMaxTitle;
  fahras::InputReader reader({path}, options, [&](const fahras::InputWarning& w) {
    FUZZ_CHECK(!w.message.empty(), "empty warning message for " + w.origin);
    events.push_back({false, w.origin, {}});
  });
  fahras::SourceDocument doc;
  while (reader.next(doc)) events.push_back({true, doc.origin, doc});
  counted = reader.warnings();
  return events;
}

void check_document(std::string_view in, const fahras::SourceDocument& d) {
  const std::string detail = "input " + hex(in) + "\ndocument " + d.origin + " id " + hex(d.id) + " title " +
                             hex(d.title) + " text " + hex(d.text) + " metadata " + hex(d.metadata_json);
  FUZZ_CHECK(!d.id.empty() && d.id.size() <= fahras::schema::kMaxDocIdBytes, detail);
  FUZZ_CHECK(d.title.size() <= kMaxTitle, detail);
  for (const std::string* s : {&d.id, &d.title, &d.text}) {
    FUZZ_CHECK(valid_utf8(*s), detail);
    FUZZ_CHECK(s->find('\0') == std::string::npos, detail);
  }
  FUZZ_CHECK(!all_space(d.text), detail);
  if (!d.metadata_json.empty()) {
    static simdjson::dom::parser parser;
    simdjson::dom::object object;
    FUZZ_CHECK(parser.parse(d.metadata_json).get(object) == simdjson::SUCCESS, detail);
    for (const auto field : object)
      FUZZ_CHECK(field.key != "id" && field.key != "title" && field.key != "text", detail);
  }
}

void check_jsonl(std::string_view in) {
  const std::string path = (g_dir / "input.jsonl").string();
  write_file(path, in);
  std::uint64_t counted = 0;
  const std::vector<Event> events = read_all(path, counted);

  // What the reader must have done, line by line.
  std::vector<Event> expected;
  std::size_t line_no = 0, warnings = 0;
  for (std::size_t b = 0; b < in.size();) {
    std::size_t e = in.find('\n', b);
    if (e == std::string_view::npos) e = in.size();
    const std::string_view line = in.substr(b, e - b);
    const std::string origin = path + ":" + std::to_string(++line_no);
    b = e + 1;
    if (line.size() > kMaxDoc) {
      expected.push_back({false, origin, {}});
      continue;
    }
    if (all_space(line)) continue;
    fahras::SourceDocument doc;
    std::string why;
    if (fahras::parse_jsonl_document(line, origin, doc, why)) {
      if (doc.title.size() > kMaxTitle) {
        std::size_t cut = kMaxTitle;
        while (cut > 0 && (static_cast<unsigned char>(doc.title[cut]) & 0xC0u) == 0x80u) --cut;
        doc.title.resize(cut);
      }
      expected.push_back({true, origin, doc});
    } else {
      FUZZ_CHECK(!why.empty(), "input " + hex(in) + "\nline " + origin + " refused without a reason");
      expected.push_back({false, origin, {}});
    }
  }
  for (const Event& ev : events) warnings += !ev.is_doc;

  FUZZ_CHECK(counted == warnings,
             "input " + hex(in) + "\nwarnings() " + std::to_string(counted) + ", sink saw " + std::to_string(warnings));
  FUZZ_CHECK(events.size() == expected.size(), "input " + hex(in) + "\nreader gave " + std::to_string(events.size()) +
                                                   " documents and warnings, lines call for " +
                                                   std::to_string(expected.size()));
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& got = events[i];
    const Event& want = expected[i];
    const std::string detail = "input " + hex(in) + "\nevent " + std::to_string(i) + ": reader gave " +
                               (got.is_doc ? "document " : "warning ") + got.origin + ", expected " +
                               (want.is_doc ? "document " : "warning ") + want.origin;
    FUZZ_CHECK(got.is_doc == want.is_doc && got.origin == want.origin, detail);
    if (!got.is_doc) continue;
    check_document(in, got.doc);
    FUZZ_CHECK(got.doc.id == want.doc.id && got.doc.title == want.doc.title && got.doc.text == want.doc.text &&
                   got.doc.metadata_json == want.doc.metadata_json,
               detail + "\nfields differ from parse_jsonl_document()");
  }
}

void check_text_file(std::string_view in) {
  const std::string path = (g_dir / "input.txt").string();
  write_file(path, in);
  std::uint64_t counted = 0;
  const std::vector<Event> events = read_all(path, counted);
  const bool usable = !in.empty() && in.size() <= kMaxDoc && valid_utf8(in) &&
                      in.find('\0') == std::string_view::npos && !all_space(in);
  FUZZ_CHECK(events.size() == 1 && events[0].is_doc == usable && counted == (usable ? 0u : 1u),
             "input " + hex(in) + "\ntext file: " + std::to_string(events.size()) + " events, usable " +
                 std::to_string(usable));
  if (!usable) return;
  const fahras::SourceDocument& d = events[0].doc;
  check_document(in, d);
  FUZZ_CHECK(d.text == in && d.id == "input.txt" && d.metadata_json.empty(),
             "input " + hex(in) + "\nid " + d.id + " text " + hex(d.text));
  FUZZ_CHECK(d.title.empty() || (in.find(d.title) != std::string_view::npos && !is_space(d.title.front())),
             "input " + hex(in) + "\ntitle " + hex(d.title));
}

void remove_dir() {
  std::error_code ec;
  fs::remove_all(g_dir, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* shm = "/dev/shm";
  const fs::path base = fs::is_directory(shm) && ::access(shm, W_OK) == 0 ? fs::path(shm) : fs::temp_directory_path();
  std::string tmpl = (base / "fahras-fuzz-jsonl-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) fahras_fuzz::fail(__FILE__, __LINE__, "mkdtemp", tmpl);
  g_dir = tmpl;
  std::atexit(remove_dir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  check_jsonl(in);
  check_text_file(in);
  return 0;
}
