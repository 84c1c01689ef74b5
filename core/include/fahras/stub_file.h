// Xapian stub database files: one line per database that the stub combines,
// read and written here with one grammar, the subset of Xapian's that
// fahras uses:
//
//   # a comment                 (and blank lines: ignored)
//   auto PATH                   a local database, PATH relative to the stub's folder
//   glass PATH                  the same, glass backend named
//   remote HOST:PORT            a shard served by xapian-tcpsrv ([v6addr]:PORT too)
//
// PATH is the rest of the line after the type and its spaces, so folder
// names may contain spaces; a trailing CR (a file edited on Windows) is
// dropped. A sharded fahras database DIR keeps its stub at DIR/XAPIANDB.
//
// Thread safety: the functions are thread-safe for distinct files.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

// The stub file inside a sharded database folder.
inline constexpr std::string_view kStubFileName = "XAPIANDB";

struct StubEntry {
  std::string type;   // "auto", "glass" or "remote"
  std::string where;  // PATH, or HOST:PORT for "remote"
  int line = 0;       // 1-based line in the file it was read from (0: not read)

  bool remote() const { return type == "remote"; }
  // The line as written in a stub file: "auto shard-000".
  std::string text() const { return type + " " + where; }
};

// The entries of the stub file `stub`. Throws DatabaseError (fahras/error.h)
// when it cannot be read ("cannot read stub database file FILE"), for a
// line outside the grammar ("FILE:LINE: expected ..."), and when it lists
// no database.
std::vector<StubEntry> read_stub_file(const std::filesystem::path& stub);

// Where a local entry's database is: `where` resolved against the folder
// of the stub file, as Xapian resolves it.
std::filesystem::path stub_entry_path(const StubEntry& entry, const std::filesystem::path& stub);

// Writes `entries` to `stub` atomically: a temporary file beside it,
// fsynced, renamed over `stub`, then the folder fsynced. `comment` (one
// line, without '#') heads the file. Throws std::system_error naming the
// file when any step fails.
void write_stub_file(const std::filesystem::path& stub, std::string_view comment,
                     const std::vector<StubEntry>& entries);

}  // namespace fahras
