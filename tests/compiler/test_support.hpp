// Helpers for the compiler tests: parse a string, write a throwaway site.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "compiler/diagnostics.hpp"
#include "compiler/parse/source.hpp"
#include "compiler/parse/template_parser.hpp"

namespace isl::compiler::testing {

struct Parsed {
  std::unique_ptr<SourceFile> file;
  Template ast;
  Diagnostics diags;
};

inline Parsed parse(std::string_view text, std::string path = "t.isl") {
  Parsed p;
  p.file = std::make_unique<SourceFile>(std::move(path), text);
  p.ast = parse_file(*p.file, p.diags);
  return p;
}

// A temporary folder removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("isl-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  void write(const std::string& relative, const std::string& content) const {
    auto p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace isl::compiler::testing
