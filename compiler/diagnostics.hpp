// Errors as people read them: `path:line:col: error: message`, the line, a caret.
#pragma once

#include <string>
#include <vector>

#include "compiler/parse/source.hpp"

namespace isl::compiler {

struct Diagnostic {
  std::string path;
  Position position;
  std::string message;
  std::string line_text;  // the source line, for the caret display
  std::string note;       // optional second line: "note: ..."
};

class Diagnostics {
 public:
  void error(const SourceFile& file, std::uint32_t offset, std::string message, std::string note = {});
  void error(const SourceFile& file, Span span, std::string message, std::string note = {}) {
    error(file, span.begin, std::move(message), std::move(note));
  }
  // An error that belongs to a file but no position in it (a file that cannot be read).
  void error(std::string path, std::string message);

  bool empty() const { return list_.empty(); }
  std::size_t size() const { return list_.size(); }
  const std::vector<Diagnostic>& list() const { return list_; }
  void append(const Diagnostics& other);
  // Sorted by file, line and column, each with its source line and caret.
  std::string format(bool color = false) const;

 private:
  std::vector<Diagnostic> list_;
};

std::string format_diagnostic(const Diagnostic& d, bool color = false);

}  // namespace isl::compiler
