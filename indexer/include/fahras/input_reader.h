// Reads source documents for indexing from text files, folders, JSON Lines
// files and standard input, streaming, with bounded memory, and reporting
// every bad input as a warning (naming the file and line) instead of failing.
//
// Inputs (as given on the command line):
//   - a text file: one document; id = file name (its path relative to the
//     folder holding it), title = first line, text = the whole file;
//   - a folder: every file below it, recursively, in sorted (byte) order;
//     hidden files and folders (name starting with '.') are skipped; ids are
//     paths relative to the folder given; files ending in ".jsonl" are read
//     as JSON Lines, everything else as text (binary files are skipped with
//     a warning);
//   - a file ending in ".jsonl": one JSON object per line,
//     {"id": "...", "title": "...", "text": "..."}; every other field is kept
//     verbatim (minified) in SourceDocument::metadata_json; blank lines are
//     ignored;
//   - "-": JSON Lines on standard input.
// A document is skipped with a warning when it is empty or whitespace only,
// contains a NUL byte or invalid UTF-8, is larger than max_document_bytes,
// or (JSON Lines) is malformed, has no string "text" or no "id".
//
// Ownership: the reader owns its open file and buffers; next() moves data
// into the caller's SourceDocument. The warning callback is called
// synchronously from next() (so on the thread calling next()).
// Thread safety: one InputReader per thread; it is not shareable.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

struct SourceDocument {
  std::string id;
  std::string title;
  std::string text;           // original bytes, valid UTF-8, no NUL
  std::string metadata_json;  // JSON object of the extra JSONL fields, or empty
  std::string origin;         // "file" or "file:line", for messages
};

struct InputWarning {
  std::string origin;   // "file" or "file:line" ("<stdin>:line" for stdin)
  std::string message;  // what is wrong and what was done ("skipped")
};

using InputWarningSink = std::function<void(const InputWarning&)>;

struct InputOptions {
  // Documents (and JSONL lines) larger than this are refused with a warning;
  // it also bounds the reader's memory. 64 MiB by default.
  std::size_t max_document_bytes = std::size_t{64} << 20;
  // Title: first line of a text file, cut (at a character boundary) to this.
  std::size_t max_title_bytes = 512;
  // When set and it becomes true, next() returns false soon, even while
  // waiting for input on a pipe or terminal (it polls every 200 ms).
  const std::atomic<bool>* stop = nullptr;
};

class InputReader {
 public:
  // Nothing is opened until next(); missing inputs are reported as warnings.
  InputReader(std::vector<std::string> inputs, InputOptions options, InputWarningSink warn);
  ~InputReader();
  InputReader(const InputReader&) = delete;
  InputReader& operator=(const InputReader&) = delete;

  // Fills `doc` with the next valid document (overwriting all fields) and
  // returns true, or returns false at the end of all inputs.
  // Throws only on errors that are not about one input (e.g. bad_alloc).
  bool next(SourceDocument& doc);

  // These three may be called from any thread (for progress reports).
  // Bytes consumed so far, and the total size of the regular files seen so
  // far (the total is complete once every folder has been listed, which the
  // reader does up front; 0 for stdin). For progress and throughput.
  std::uint64_t bytes_read() const noexcept;
  std::uint64_t bytes_total() const noexcept;
  // True when bytes_total() covers every input (no stdin, no pipes).
  bool total_known() const noexcept;

  std::uint64_t warnings() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses one JSON Lines record. Returns false (with `why` set, e.g.
// "missing \"text\" field") when the line is not a usable document.
// `origin` is copied into doc.origin. Exposed for tests and benchmarks.
bool parse_jsonl_document(std::string_view line, const std::string& origin, SourceDocument& doc, std::string& why);

// Checks that `text` is valid UTF-8 without NUL bytes; on failure sets `why`
// (with the byte offset) and returns false.
bool check_text(std::string_view text, std::string& why);

}  // namespace fahras
