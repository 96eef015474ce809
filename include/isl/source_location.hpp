// Where a call was written: the template line behind a `ctx.cookie()` asked at build time.
//
// Not std::source_location alone: libstdc++ 12 defines it only for a compiler that has
// __builtin_source_location, which Debian 12's clang (14) has not, so the fuzz and clang
// builds could not compile a header every template includes. That clang has
// __builtin_COLUMN, which g++ 12 has not; each compiler takes the one it has. Both take
// the caller's location when current() is a default argument.
#pragma once

#include <cstdint>
#include <version>
#if defined(__cpp_lib_source_location)
#include <source_location>
#endif

namespace isl {

class SourceLocation {
 public:
#if defined(__cpp_lib_source_location)
  static constexpr SourceLocation current(std::source_location where = std::source_location::current()) noexcept {
    return SourceLocation(where.file_name(), where.line(), where.column());
  }
#else
  static constexpr SourceLocation current(const char* file = __builtin_FILE(),
                                          std::uint_least32_t line = __builtin_LINE(),
                                          std::uint_least32_t column = __builtin_COLUMN()) noexcept {
    return SourceLocation(file, line, column);
  }
#endif

  constexpr SourceLocation() noexcept = default;
  constexpr const char* file_name() const noexcept { return file_; }
  constexpr std::uint_least32_t line() const noexcept { return line_; }
  constexpr std::uint_least32_t column() const noexcept { return column_; }

 private:
  constexpr SourceLocation(const char* file, std::uint_least32_t line, std::uint_least32_t column) noexcept
      : file_(file), line_(line), column_(column) {}

  const char* file_ = "";
  std::uint_least32_t line_ = 0;
  std::uint_least32_t column_ = 0;
};

}  // namespace isl
