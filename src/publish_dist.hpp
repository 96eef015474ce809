// Putting a new static site in place of the old one, and saying plainly what went wrong
// when the file system refuses.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

namespace isl::cli {

// Makes `staging` the site at `dist` in one step: the two are exchanged atomically
// (renameat2 RENAME_EXCHANGE), so a server reading `dist` sees the old tree or the new,
// never none or half of one; the old tree is then removed. Without a `dist` yet, a plain
// rename. Throws std::filesystem::filesystem_error; `staging` is then gone and `dist` the
// old tree. Returns why the old tree could not be removed ("" when it was).
std::string publish_dist(const std::filesystem::path& staging, const std::filesystem::path& dist);

// "permission denied (is it read-only?)", "no space left on the device", ...: the reason
// a build can act on, for a file-system error.
std::string fs_reason(const std::error_code& ec);

// " (no space left on the device)" when the file system holding `path` is full, else "":
// why a program that wrote there failed, when its own message is a raw one.
std::string disk_full_note(const std::filesystem::path& path);

// Removes `path` if it exists, never throwing (cleanup on a path that already failed).
void remove_quietly(const std::filesystem::path& path);

}  // namespace isl::cli
