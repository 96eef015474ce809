// The build plan: what the generated folder holds and how the C++ build compiles it. Files
// are written only when they change (the C++ build redoes nothing else), prerendered pages
// are grouped in unity batches, and generated files no unit produces any more are removed.
#pragma once

#include <cstddef>
#include <filesystem>
#include <set>
#include <string>

#include "compiler/check/site_model.hpp"

namespace isl::compiler {

class GeneratedFolder {
 public:
  explicit GeneratedFolder(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // `name` is relative to the folder.
  void write(const std::string& name, const std::string& content);

  // Generated sources and batches that were not written this run (a deleted template's).
  void remove_stale() const;

  std::size_t files_written() const { return files_written_; }  // whose content changed

 private:
  std::filesystem::path dir_;
  std::set<std::string> written_;
  std::size_t files_written_ = 0;
};

// The unity batches of the build-time-only pages and build-hints.cmake, which names them
// for isl_add_site().
void write_unity_batches(const SiteModel& model, GeneratedFolder& out);

}  // namespace isl::compiler
