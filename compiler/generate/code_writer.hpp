// Writes one generated C++ file: indented by nesting, and with each piece of the author's
// C++ placed at its .isl line and column by #line, followed by a #line back to this file's
// own line, so that what the C++ compiler reports about generated code (a static_assert
// raised through an isl header, say) names the generated file, not the last template line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/parse/source.hpp"

namespace isl::compiler {

class CodeWriter {
 public:
  // `generated_path`: what the #line back to this file names.
  CodeWriter(const SourceFile& template_file, std::string template_path, std::string generated_path);

  // A line of generated code at the current depth. It may hold author code placed by at().
  void line(std::string_view text);
  // A line that opens a block: the lines after it are one level deeper.
  void open(std::string_view text);
  // A line that closes a block (`}`, `};`, or `} else {`, which opens another).
  void close(std::string_view text);
  void reopen(std::string_view text);  // `} else {`: closes a block and opens the next

  // Text written as is: blank lines, or author code that carries its own line breaks.
  void raw(std::string_view text);

  // Where author code at `offset` of the template starts: a #line for its line and spaces
  // for its column, to put between the generated text before it and the code. The line
  // being written ends with a #line back to this file.
  // `prefix`: generated text written between the two (as `inline `), which the column's
  // spaces make room for when they can.
  std::string at(std::uint32_t offset, std::size_t prefix = 0);

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void append(std::string_view text);
  void end_line();
  void switch_back();  // after a line with author code: #line back to this file

  const SourceFile& file_;
  std::string template_literal_;
  std::string generated_literal_;
  std::string out_;
  int depth_ = 0;
  std::size_t lines_ = 0;  // newlines written so far
  bool mapped_ = false;    // the current line holds author code
};

}  // namespace isl::compiler
