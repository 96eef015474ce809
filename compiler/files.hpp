// The compiler's file system chores, shared by its stages and the CLI.
#pragma once

#include <filesystem>
#include <string>

namespace isl::compiler {

// The whole file; `ok` says whether it could be opened.
std::string read_file(const std::filesystem::path& path, bool& ok);

// `file` relative to `base` when it is inside it (how diagnostics name files), else as given.
std::string display_path(const std::filesystem::path& file, const std::filesystem::path& base);

// Writes `content` to `path` only when it differs (atomically, through a temporary file),
// so unchanged outputs keep their time stamps and the C++ build does not redo them.
// Returns whether it wrote.
bool write_if_changed(const std::filesystem::path& path, const std::string& content);

}  // namespace isl::compiler
