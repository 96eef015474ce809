// The checks of a request's framing (RFC 9112 §2, §3.2, §6, §7) that Boost.Beast 1.81's
// parser does not make. Beast refuses a malformed request line, Content-Length values that
// differ, Transfer-Encoding: chunked with Content-Length and chunked twice; it takes any
// other Transfer-Encoding as "no body" (the body then parses as the next request:
// smuggling), accepts "Content-Length: 5, 5", needs no Host, and looks at a field line only
// once it has all of it. No Beast types here: the session collects what these read.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace isl::server::detail {

// A refusal: the status to answer (the connection then closes) and why, for the log.
struct FramingRefusal {
  int status = 0;  // 0: nothing wrong
  std::string_view why;
  explicit operator bool() const { return status != 0; }
};

// The fields of a request head that decide its framing, one entry per field line.
struct FramingFields {
  unsigned version = 11;  // 10 or 11
  std::vector<std::string_view> transfer_encoding;
  std::vector<std::string_view> content_length;
  std::size_t host_lines = 0;
};

// Once the head is parsed. Transfer-Encoding must be exactly "chunked" (an unknown coding
// before it: 501; anything else: 400) and HTTP/1.1; Content-Length one line, one value;
// HTTP/1.1 needs exactly one Host.
FramingRefusal check_framing(const FramingFields& fields);

// While the head is arriving: the bytes received so far are scanned as they come, so that
// what no request head may hold is refused at once instead of waiting for a line end that
// may never come: a method that is not a short token, a control character, a version that
// does not begin "HTTP/d.d", a CR without LF, a field name that is not a token. (Beast
// looks at a line only once it has all of it.)
class HeadScanner {
 public:
  enum class State { need_more, complete, bad };
  // `received`: every byte of this request so far, from its first one (the same start at
  // each call; only the new part is scanned).
  State scan(std::string_view received);

 private:
  enum class Step { method, target, version, line_start, name, value, cr, final_cr };
  Step step_ = Step::method;
  std::size_t pos_ = 0;
  std::size_t part_ = 0;  // bytes of the method, or of the version, so far
};

// The read buffer filled up inside a chunked body: 431 if the part that did not fit is the
// trailer, 400 if it is a chunk-size line or its extensions. `unparsed`: the buffer then.
int chunked_overflow_status(std::string_view unparsed);

}  // namespace isl::server::detail
