// Publishing a database folder that was written aside: nothing is visible at
// the target until every byte of the new database is durable, and then it
// appears in one rename. fahras-index builds new databases this way (a
// single writer's DIR.building, the parallel writers' merged DIR.merging, a
// sharded DIR.building) and swaps in compacted ones.
//
// Every step's failure is reported: an fsync that fails (EIO, a full disk
// on a network file system) throws, since a rename over unsynced data could
// leave an empty or torn database after a power loss.
//
// Thread safety: the functions are thread-safe for distinct paths; the
// caller makes sure no one else writes the folders involved.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace fahras {

// The folder a --db path names, absolute and normal: "db/" and "db" are
// the same folder, whose siblings (db.building, db.compact-tmp) are the
// staging places.
std::filesystem::path database_folder(const std::string& path);

// fsyncs every regular file and folder below `path`, then `path` itself
// (folders after their files, so every new entry is durable). Throws
// std::system_error naming the path that failed.
void sync_tree(const std::filesystem::path& path);

// fsyncs one file or folder. Throws std::system_error naming it.
void sync_path(const std::filesystem::path& path, bool directory);

// Makes the finished database folder `built` appear at `target`: syncs
// `built` (sync_tree), removes `target` if it is an empty folder, renames
// `built` to `target` without replacing anything (renameat2
// RENAME_NOREPLACE: a database that appeared there meanwhile is never
// overwritten), runs `after_rename` (to report the new database as soon as
// it exists), then fsyncs target's parent folder so the rename itself is
// durable. Throws std::system_error naming the step and the paths.
void publish_database(const std::filesystem::path& built, const std::filesystem::path& target,
                      const std::function<void()>& after_rename = {});

// Replaces the database folder `target` by `replacement` in one step:
// syncs `replacement`, exchanges the two folders (renameat2
// RENAME_EXCHANGE, so readers see the old or the new database, never a
// partial one), and fsyncs the parent. Afterwards `replacement` holds the
// old database, for the caller to remove. Throws std::system_error; when
// the exchange itself failed nothing has changed at `target`.
void swap_in_database(const std::filesystem::path& replacement, const std::filesystem::path& target);

}  // namespace fahras
