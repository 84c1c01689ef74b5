#include "fahras/input_reader.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <simdjson.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "fahras/schema.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kStdinName = "<stdin>";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

bool all_space(std::string_view s) { return std::all_of(s.begin(), s.end(), is_space); }

// Position of the first invalid UTF-8 sequence, or npos. Rejects overlong
// forms, surrogates and code points above U+10FFFF, like simdjson does.
std::size_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // Fast path over ASCII, 8 bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

// Cuts `s` to at most `max` bytes at a character boundary.
void cut_utf8(std::string& s, std::size_t max) {
  if (s.size() <= max) return;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
}

std::string first_line_title(std::string_view text, std::size_t max) {
  std::size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // BOM
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::size_t b = pos, e = end;
    while (b < e && is_space(text[b])) ++b;
    while (e > b && is_space(text[e - 1])) --e;
    if (b < e) {
      std::string title(text.substr(b, e - b));
      cut_utf8(title, max);
      return title;
    }
    pos = end + 1;
  }
  return {};
}

std::string errno_text(int err) { return std::system_category().message(err); }

enum class InputKind { kText, kJsonl, kStdin };

struct Entry {
  std::string path;  // as opened
  std::string id;    // document id for text files
  InputKind kind;
};

// Reads lines from a file descriptor with a fixed buffer, never holding more
// than `max_line` bytes of one line.
class LineReader {
 public:
  enum class Status { kLine, kTooLong, kEnd, kError, kStopped };

  LineReader(int fd, std::size_t max_line, const std::atomic<bool>* stop, bool is_pipe)
      : fd_(fd), max_line_(max_line), stop_(stop), is_pipe_(is_pipe), buf_(std::size_t{1} << 20) {}

  // On kLine, `line` holds the line without its '\n'. On kTooLong the line
  // has been consumed and discarded. `consumed` grows by the bytes read.
  Status next(std::string& line, std::uint64_t& consumed) {
    line.clear();
    bool too_long = false;
    bool any = false;
    for (;;) {
      if (pos_ == len_) {
        const Status s = fill();
        if (s == Status::kStopped || s == Status::kError) return s;
        if (len_ == 0) {
          if (!any) return Status::kEnd;
          return too_long ? Status::kTooLong : Status::kLine;
        }
      }
      any = true;
      const char* start = buf_.data() + pos_;
      const auto* nl = static_cast<const char*>(std::memchr(start, '\n', len_ - pos_));
      const std::size_t take = nl ? static_cast<std::size_t>(nl - start) : len_ - pos_;
      consumed += take + (nl ? 1 : 0);
      if (!too_long) {
        if (line.size() + take > max_line_) {
          too_long = true;
          line.clear();
          line.shrink_to_fit();
        } else {
          line.append(start, take);
        }
      }
      pos_ += take + (nl ? 1 : 0);
      if (nl) return too_long ? Status::kTooLong : Status::kLine;
    }
  }

  int error() const { return error_; }

 private:
  Status fill() {
    pos_ = len_ = 0;
    for (;;) {
      if (is_pipe_ && stop_) {
        // Poll so that an interrupt is noticed while waiting on a terminal or pipe.
        pollfd pfd{fd_, POLLIN, 0};
        const int r = ::poll(&pfd, 1, 200);
        if (stop_->load()) return Status::kStopped;
        if (r == 0 || (r < 0 && errno == EINTR)) continue;
      }
      const ssize_t n = ::read(fd_, buf_.data(), buf_.size());
      if (n < 0) {
        if (errno == EINTR) {
          if (stop_ && stop_->load()) return Status::kStopped;
          continue;
        }
        error_ = errno;
        return Status::kError;
      }
      len_ = static_cast<std::size_t>(n);
      return Status::kLine;
    }
  }

  int fd_;
  std::size_t max_line_;
  const std::atomic<bool>* stop_;
  bool is_pipe_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, len_ = 0;
  int error_ = 0;
};

}  // namespace

bool check_text(std::string_view text, std::string& why) {
  if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
    why = "NUL byte at byte offset " + std::to_string(static_cast<const char*>(nul) - text.data()) + " (binary data?)";
    return false;
  }
  const std::size_t bad = find_invalid_utf8(text);
  if (bad != std::string_view::npos) {
    why = "invalid UTF-8 at byte offset " + std::to_string(bad);
    return false;
  }
  return true;
}

namespace {

// Reused simdjson parser per thread: parse_jsonl_document is a free function.
simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser = [] {
    simdjson::dom::parser p;
    // Shallow documents only: bounds recursion on hostile input.
    if (p.allocate(1 << 16, 64) != simdjson::SUCCESS) throw std::bad_alloc();
    return p;
  }();
  return parser;
}

bool parse_padded(const char* data, std::size_t size, bool padded, const std::string& origin, SourceDocument& doc,
                  std::string& why) {
  simdjson::dom::element root;
  auto error = thread_parser().parse(data, size, !padded).get(root);
  if (error) {
    if (error == simdjson::UTF8_ERROR) {
      why = "invalid UTF-8";
    } else if (error == simdjson::DEPTH_ERROR) {
      why = "JSON nested too deeply";
    } else {
      why = std::string("malformed JSON (") + simdjson::error_message(error) + ")";
    }
    return false;
  }
  simdjson::dom::object object;
  if (root.get(object)) {
    why = "not a JSON object";
    return false;
  }
  doc.id.clear();
  doc.title.clear();
  doc.text.clear();
  doc.metadata_json.clear();
  doc.origin = origin;
  bool have_id = false, have_text = false;
  std::string metadata;
  for (const auto field : object) {
    const std::string_view key = field.key;
    if (key == "id") {
      std::string_view s;
      std::int64_t i;
      std::uint64_t u;
      if (!field.value.get(s)) {
        doc.id.assign(s);
      } else if (!field.value.get(i)) {
        doc.id = std::to_string(i);
      } else if (!field.value.get(u)) {
        doc.id = std::to_string(u);
      } else {
        why = "\"id\" is not a string or integer";
        return false;
      }
      have_id = true;
    } else if (key == "title") {
      std::string_view s;
      if (field.value.is_null()) continue;
      if (field.value.get(s)) {
        why = "\"title\" is not a string";
        return false;
      }
      doc.title.assign(s);
    } else if (key == "text") {
      std::string_view s;
      if (field.value.get(s)) {
        why = "\"text\" is not a string";
        return false;
      }
      doc.text.assign(s);
      have_text = true;
    } else {
      metadata.push_back(metadata.empty() ? '{' : ',');
      // simdjson validated the key: it is UTF-8, escaped as JSON wants.
      metadata += nlohmann::json(key).dump();
      metadata.push_back(':');
      metadata += simdjson::minify(field.value);
    }
  }
  if (!have_text) {
    why = "missing \"text\" field";
    return false;
  }
  if (!have_id) {
    why = "missing \"id\" field";
    return false;
  }
  if (doc.id.empty()) {
    why = "empty \"id\"";
    return false;
  }
  if (doc.id.size() > schema::kMaxDocIdBytes) {
    why = "\"id\" longer than " + std::to_string(schema::kMaxDocIdBytes) + " bytes";
    return false;
  }
  for (const std::string* s : {&doc.id, &doc.title, &doc.text}) {
    if (s->find('\0') != std::string::npos) {
      why = "NUL character (\\u0000) in \"" +
            std::string(s == &doc.id      ? "id"
                        : s == &doc.title ? "title"
                                          : "text") +
            "\"";
      return false;
    }
  }
  if (all_space(doc.text)) {
    why = "empty \"text\"";
    return false;
  }
  if (!metadata.empty()) {
    metadata.push_back('}');
    doc.metadata_json = std::move(metadata);
  }
  return true;
}

}  // namespace

bool parse_jsonl_document(std::string_view line, const std::string& origin, SourceDocument& doc, std::string& why) {
  return parse_padded(line.data(), line.size(), false, origin, doc, why);
}

struct InputReader::Impl {
  std::vector<std::string> inputs;
  InputOptions options;
  InputWarningSink warn;

  bool expanded = false;
  std::vector<Entry> entries;
  std::size_t next_entry = 0;

  // The JSON Lines source being read, if any.
  int fd = -1;
  bool owns_fd = false;
  std::unique_ptr<LineReader> lines;
  std::string source_name;
  std::uint64_t line_no = 0;
  std::string line;

  std::atomic<std::uint64_t> bytes_read{0};
  std::atomic<std::uint64_t> bytes_total{0};
  std::atomic<bool> total_known{true};
  std::atomic<std::uint64_t> warnings{0};

  ~Impl() { close_source(); }

  void warning(std::string origin, std::string message) {
    ++warnings;
    if (warn) warn(InputWarning{std::move(origin), std::move(message)});
  }

  void close_source() {
    lines.reset();
    if (owns_fd && fd >= 0) ::close(fd);
    fd = -1;
    owns_fd = false;
  }

  void add_file(const fs::path& path, std::string id, std::uint64_t size) {
    const std::string name = path.string();
    entries.push_back({name, std::move(id), ends_with(name, ".jsonl") ? InputKind::kJsonl : InputKind::kText});
    bytes_total += size;
  }

  void walk(const fs::path& dir, const fs::path& root) {
    std::error_code ec;
    std::vector<fs::path> children;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      warning(dir.string(), "cannot read folder: " + ec.message() + ", skipped");
      return;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) {
        warning(dir.string(), "error while listing folder: " + ec.message());
        break;
      }
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') continue;
      children.push_back(it->path());
    }
    std::sort(children.begin(), children.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); });
    for (const fs::path& child : children) {
      const fs::file_status link = fs::symlink_status(child, ec);
      const fs::file_status st = fs::status(child, ec);
      if (ec) {
        warning(child.string(), "cannot read: " + ec.message() + ", skipped");
        continue;
      }
      if (fs::is_directory(st)) {
        // Following symlinked folders could loop forever.
        if (fs::is_symlink(link)) {
          warning(child.string(), "symbolic link to a folder, skipped");
          continue;
        }
        walk(child, root);
      } else if (fs::is_regular_file(st)) {
        const std::uint64_t size = fs::file_size(child, ec);
        add_file(child, child.lexically_relative(root).generic_string(), ec ? 0 : size);
      } else {
        warning(child.string(), "not a regular file, skipped");
      }
    }
  }

  void expand() {
    expanded = true;
    for (const std::string& input : inputs) {
      if (input == "-") {
        entries.push_back({std::string(kStdinName), {}, InputKind::kStdin});
        total_known = false;
        continue;
      }
      std::error_code ec;
      const fs::path path(input);
      const fs::file_status st = fs::status(path, ec);
      if (ec || !fs::exists(st)) {
        warning(input,
                "no such file or folder" +
                    (ec && ec != std::errc::no_such_file_or_directory ? " (" + ec.message() + ")" : std::string()));
        continue;
      }
      if (fs::is_directory(st)) {
        walk(path, path);
      } else if (fs::is_regular_file(st)) {
        const std::uint64_t size = fs::file_size(path, ec);
        add_file(path, path.filename().string(), ec ? 0 : size);
      } else {
        // A FIFO or character device: read it as JSON Lines, like stdin.
        entries.push_back({input, {}, InputKind::kJsonl});
        total_known = false;
      }
    }
  }

  // Reads one whole text file into doc; false (after a warning) if unusable.
  bool read_text_file(const Entry& e, SourceDocument& doc) {
    const int tfd = ::open(e.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (tfd < 0) {
      warning(e.path, "cannot open: " + errno_text(errno) + ", skipped");
      return false;
    }
    struct stat st {};
    if (::fstat(tfd, &st) == 0 && static_cast<std::uint64_t>(st.st_size) > options.max_document_bytes) {
      ::close(tfd);
      bytes_read += static_cast<std::uint64_t>(st.st_size);
      warning(e.path, "file larger than the " + std::to_string(options.max_document_bytes >> 20) +
                          " MiB document limit (--max-doc-size), skipped");
      return false;
    }
    doc.text.clear();
    doc.text.resize(st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0);
    std::size_t have = 0;
    bool failed = false;
    for (;;) {
      if (have == doc.text.size()) {
        // The file may have grown since fstat; read up to the limit.
        if (doc.text.size() >= options.max_document_bytes + 1) break;
        doc.text.resize(std::min(options.max_document_bytes + 1, std::max<std::size_t>(have * 2, 4096)));
      }
      const ssize_t n = ::read(tfd, doc.text.data() + have, doc.text.size() - have);
      if (n < 0) {
        if (errno == EINTR) continue;
        warning(e.path, "read error: " + errno_text(errno) + ", skipped");
        failed = true;
        break;
      }
      if (n == 0) break;
      have += static_cast<std::size_t>(n);
    }
    ::close(tfd);
    bytes_read += have;
    if (failed) return false;
    doc.text.resize(have);
    if (have > options.max_document_bytes) {
      warning(e.path, "file larger than the document limit (--max-doc-size), skipped");
      return false;
    }
    if (have == 0) {
      warning(e.path, "empty file, skipped");
      return false;
    }
    std::string why;
    if (!check_text(doc.text, why)) {
      warning(e.path, "not a UTF-8 text file (" + why + "), skipped");
      return false;
    }
    if (all_space(doc.text)) {
      warning(e.path, "only white space, skipped");
      return false;
    }
    if (e.id.size() > schema::kMaxDocIdBytes) {
      warning(e.path,
              "path longer than " + std::to_string(schema::kMaxDocIdBytes) + " bytes cannot be a document id, skipped");
      return false;
    }
    doc.id = e.id;
    doc.title = first_line_title(doc.text, options.max_title_bytes);
    doc.metadata_json.clear();
    doc.origin = e.path;
    return true;
  }

  bool open_lines(const Entry& e) {
    line_no = 0;
    source_name = e.path;
    if (e.kind == InputKind::kStdin) {
      fd = STDIN_FILENO;
      owns_fd = false;
    } else {
      fd = ::open(e.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        warning(e.path, "cannot open: " + errno_text(errno) + ", skipped");
        return false;
      }
      owns_fd = true;
    }
    struct stat st {};
    const bool is_pipe = ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode);
    lines = std::make_unique<LineReader>(fd, options.max_document_bytes, options.stop, is_pipe);
    return true;
  }

  // Next valid document of the open JSON Lines source; false at its end.
  bool next_line_document(SourceDocument& doc) {
    std::string why;
    for (;;) {
      std::uint64_t consumed = 0;
      const LineReader::Status s = lines->next(line, consumed);
      bytes_read += consumed;
      if (s == LineReader::Status::kEnd || s == LineReader::Status::kStopped) return false;
      if (s == LineReader::Status::kError) {
        warning(source_name, "read error after line " + std::to_string(line_no) + ": " + errno_text(lines->error()) +
                                 ", rest of input skipped");
        return false;
      }
      ++line_no;
      const std::string origin = source_name + ":" + std::to_string(line_no);
      if (s == LineReader::Status::kTooLong) {
        warning(origin, "line longer than the " + std::to_string(options.max_document_bytes >> 20) +
                            " MiB document limit (--max-doc-size), skipped");
        continue;
      }
      if (all_space(line)) continue;
      // simdjson reads up to SIMDJSON_PADDING bytes past the end.
      if (line.capacity() < line.size() + simdjson::SIMDJSON_PADDING) {
        line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
      }
      if (parse_padded(line.data(), line.size(), true, origin, doc, why)) {
        cut_utf8(doc.title, options.max_title_bytes);
        return true;
      }
      warning(origin, why + ", skipped");
    }
  }

  bool next(SourceDocument& doc) {
    if (!expanded) expand();
    for (;;) {
      if (options.stop && options.stop->load()) return false;
      if (lines) {
        if (next_line_document(doc)) return true;
        close_source();
        continue;
      }
      if (next_entry == entries.size()) return false;
      const Entry& e = entries[next_entry++];
      if (e.kind == InputKind::kText) {
        if (read_text_file(e, doc)) return true;
      } else {
        open_lines(e);
      }
    }
  }
};

InputReader::InputReader(std::vector<std::string> inputs, InputOptions options, InputWarningSink warn)
    : impl_(std::make_unique<Impl>()) {
  impl_->inputs = std::move(inputs);
  impl_->options = options;
  impl_->warn = std::move(warn);
}

InputReader::~InputReader() = default;

bool InputReader::next(SourceDocument& doc) { return impl_->next(doc); }
std::uint64_t InputReader::bytes_read() const noexcept { return impl_->bytes_read; }
std::uint64_t InputReader::bytes_total() const noexcept { return impl_->bytes_total; }
bool InputReader::total_known() const noexcept { return impl_->total_known; }
std::uint64_t InputReader::warnings() const noexcept { return impl_->warnings; }

}  // namespace fahras
