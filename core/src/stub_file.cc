#include "fahras/stub_file.h"

#include <cerrno>
#include <fstream>
#include <istream>
#include <sstream>
#include <system_error>

#include "fahras/error.h"
#include "fahras/publish.h"

namespace fahras {

namespace fs = std::filesystem;

std::vector<StubEntry> read_stub_file(const fs::path& stub) {
  std::ifstream in(stub);
  if (!in) throw DatabaseError("cannot read stub database file " + stub.string());
  std::vector<StubEntry> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    StubEntry e;
    e.line = n;
    words >> e.type;
    std::getline(words >> std::ws, e.where);
    if (e.where.empty() || (e.type != "auto" && e.type != "glass" && e.type != "remote")) {
      throw DatabaseError(stub.string() + ":" + std::to_string(n) +
                          ": expected \"auto PATH\", \"glass PATH\" or "
                          "\"remote HOST:PORT\", not \"" +
                          line + "\"");
    }
    out.push_back(std::move(e));
  }
  if (in.bad()) throw DatabaseError("cannot read stub database file " + stub.string());
  if (out.empty()) throw DatabaseError("stub database file " + stub.string() + " lists no database");
  return out;
}

fs::path stub_entry_path(const StubEntry& entry, const fs::path& stub) {
  const fs::path p(entry.where);
  return p.is_absolute() ? p : fs::absolute(stub).parent_path() / p;
}

void write_stub_file(const fs::path& stub, std::string_view comment, const std::vector<StubEntry>& entries) {
  const fs::path tmp = stub.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "# " << comment << "\n";
    for (const StubEntry& e : entries) out << e.text() << "\n";
    out.flush();
    if (!out) throw std::system_error(errno ? errno : EIO, std::system_category(), "writing " + tmp.string());
  }
  sync_path(tmp, false);
  fs::rename(tmp, stub);
  sync_path(fs::absolute(stub).parent_path(), true);
}

}  // namespace fahras
