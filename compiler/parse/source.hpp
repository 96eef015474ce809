// A template's text and how byte offsets map to the lines and columns people see.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace isl::compiler {

// A half-open byte range [begin, end) in a SourceFile's text.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct Position {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in characters (UTF-8 code points; a tab is one)
};

class SourceFile {
 public:
  // `path` is what diagnostics and #line directives show. The text is normalized: a UTF-8
  // byte order mark is dropped and CRLF (or a lone CR) becomes LF, which keeps every line
  // and column where an editor shows it.
  SourceFile(std::string path, std::string_view raw_text);

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  Position position(std::uint32_t offset) const;
  std::string_view line_text(std::uint32_t line) const;  // without the newline
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

}  // namespace isl::compiler
