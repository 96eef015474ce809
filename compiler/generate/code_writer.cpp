#include "compiler/generate/code_writer.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/parse/cpp_lexer.hpp"

namespace isl::compiler {

CodeWriter::CodeWriter(const SourceFile& template_file, std::string template_path, std::string generated_path)
    : file_(template_file),
      template_literal_(cpp_string_literal(template_path)),
      generated_literal_(cpp_string_literal(generated_path)) {}

void CodeWriter::append(std::string_view text) {
  out_.append(text);
  lines_ += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

void CodeWriter::end_line() {
  append("\n");
  switch_back();
}

void CodeWriter::switch_back() {
  if (!mapped_) return;
  mapped_ = false;
  // The directive is line lines_ + 1; it numbers the line after it.
  append(fmt::format("#line {} {}\n", lines_ + 2, generated_literal_));
}

void CodeWriter::line(std::string_view text) {
  append(std::string(static_cast<std::size_t>(depth_) * 2, ' '));
  append(text);
  end_line();
}

void CodeWriter::open(std::string_view text) {
  line(text);
  ++depth_;
}

void CodeWriter::close(std::string_view text) {
  depth_ = std::max(0, depth_ - 1);
  line(text);
}

void CodeWriter::reopen(std::string_view text) {
  close(text);
  ++depth_;
}

void CodeWriter::raw(std::string_view text) {
  append(text);
  if (text.empty() || text.back() != '\n') append("\n");
  switch_back();
}

std::string CodeWriter::at(std::uint32_t offset, std::size_t prefix) {
  mapped_ = true;
  Position pos = file_.position(offset);
  const std::size_t column = pos.column > 1 ? pos.column - 1 : 0;
  return fmt::format("\n#line {} {}\n{}", pos.line, template_literal_,
                     std::string(column > prefix ? column - prefix : 0, ' '));
}

}  // namespace isl::compiler
