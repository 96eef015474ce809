#include "compiler/files.hpp"

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace isl::compiler {

std::string read_file(const fs::path& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string display_path(const fs::path& file, const fs::path& base) {
  std::error_code ec;
  fs::path rel = fs::relative(file, base, ec);
  if (!ec && !rel.empty() && rel.native().rfind("..", 0) != 0) return rel.generic_string();
  return file.generic_string();
}

bool write_if_changed(const fs::path& path, const std::string& content) {
  bool exists = false;
  if (read_file(path, exists) == content && exists) return false;
  fs::create_directories(path.parent_path());
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << content;
  }
  fs::rename(tmp, path);
  return true;
}

}  // namespace isl::compiler
