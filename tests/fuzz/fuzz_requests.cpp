// Feeds arbitrary bytes to what the server parses from a request before any site code
// runs: the request target, Accept-Encoding, HTTP dates, Range, and sealed island
// payloads. The first byte picks the parser. Besides crashes and sanitizer reports, each
// branch checks what the server relies on (a safe path, a range inside the file, a date
// that formats back to itself, a payload that opens only if it was sealed).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "seal/keys.hpp"
#include "seal/seal.hpp"
#include "server/byte_range.hpp"
#include "server/content_coding.hpp"
#include "server/http_date.hpp"
#include "server/path_safety.hpp"

namespace {

using namespace isl::server::detail;

void check(bool ok) {
  if (!ok) std::abort();
}

void fuzz_target(std::string_view input) {
  SplitTarget split;
  if (split_target(input, split) != TargetError::none) return;
  check(!split.path.empty() && split.path.front() == '/');
  check(split.path.find('\0') == std::string::npos && split.path.find('\\') == std::string::npos);
  check(split.path.find("/../") == std::string::npos && !split.path.ends_with("/.."));
  check(split.path.find("/./") == std::string::npos && !split.path.ends_with("/."));
}

void fuzz_date(std::string_view input) {
  const auto seconds = parse_http_date(input);
  if (!seconds) return;
  check(parse_http_date(format_http_date(*seconds)) == seconds);
}

void fuzz_range(std::string_view input) {
  // The file size comes from the input too, so small and empty files are covered.
  const std::size_t size = input.empty() ? 0 : static_cast<unsigned char>(input.front()) * 37u;
  ByteRange range;
  if (parse_byte_range(input, size, range) != RangeRequest::satisfiable) return;
  check(range.length > 0 && range.first < size && range.length <= size - range.first);
}

void fuzz_sealed(std::string_view input) {
  static const isl::seal::KeyRing keys = isl::seal::KeyRing::generate();
  const auto opened = isl::seal::open(keys, "Island", isl::seal::Purpose::props, input);
  check(opened.plaintext.has_value() == opened.error.empty());
  // What was sealed opens to itself, and only for its own island and purpose.
  const std::string sealed = isl::seal::seal(keys.sealing(), "Island", isl::seal::Purpose::props, input);
  const auto back = isl::seal::open(keys, "Island", isl::seal::Purpose::props, sealed);
  check(back.plaintext && *back.plaintext == input);
  check(!isl::seal::open(keys, "Other", isl::seal::Purpose::props, sealed).plaintext);
  check(!isl::seal::open(keys, "Island", isl::seal::Purpose::slots, sealed).plaintext);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: fuzz_target(input); break;
    case 1: {
      const std::string header(input);
      (void)choose_coding(&header, data[0] & 8, data[0] & 16);
      break;
    }
    case 2: fuzz_date(input); break;
    case 3: fuzz_range(input); break;
    case 4: fuzz_sealed(input); break;
  }
  return 0;
}
