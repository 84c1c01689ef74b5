#include "fahras/publish.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE, RENAME_EXCHANGE (glibc, _GNU_SOURCE)
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

namespace fahras {

namespace fs = std::filesystem;

fs::path database_folder(const std::string& path) {
  fs::path p = fs::absolute(path).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  return p;
}

void sync_path(const fs::path& p, bool directory) {
  const int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::system_category(), "opening " + p.string() + " to sync it");
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw std::system_error(err, std::system_category(), "syncing " + p.string());
}

void sync_tree(const fs::path& path) {
  std::vector<fs::path> dirs{path};
  for (fs::recursive_directory_iterator it(path), end; it != end; ++it) {
    if (it->is_directory()) {
      dirs.push_back(it->path());
    } else if (it->is_regular_file()) {
      sync_path(it->path(), false);
    }
  }
  for (auto d = dirs.rbegin(); d != dirs.rend(); ++d) sync_path(*d, true);
}

void publish_database(const fs::path& built, const fs::path& target, const std::function<void()>& after_rename) {
  sync_tree(built);
  std::error_code ec;
  // An empty folder may stand at the target (a new database's place); a
  // non-empty one makes remove() fail, and the rename below refuses it.
  if (fs::is_directory(target, ec)) fs::remove(target, ec);
  if (::renameat2(AT_FDCWD, built.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) != 0) {
    throw std::system_error(errno, std::system_category(),
                            "moving the new database " + built.string() + " to " + target.string());
  }
  if (after_rename) after_rename();
  sync_path(target.parent_path(), true);
}

void swap_in_database(const fs::path& replacement, const fs::path& target) {
  sync_tree(replacement);
  if (::renameat2(AT_FDCWD, replacement.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
    throw std::system_error(errno, std::system_category(),
                            "swapping " + replacement.string() + " in for " + target.string());
  }
  sync_path(target.parent_path(), true);
}

}  // namespace fahras
