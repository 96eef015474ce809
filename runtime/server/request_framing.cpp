// Framing checks Beast leaves to us: Transfer-Encoding, Content-Length lists, Host, field
// bytes as they arrive, and what overflowed in a chunked body.
#include "server/request_framing.hpp"

#include "isl/detail/ascii.hpp"

namespace isl::server::detail {

namespace {

using ascii::iequals;
using ascii::trim_ows;

constexpr std::size_t kMaxMethodBytes = 32;

bool is_tchar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// field-value bytes: HTAB, SP, VCHAR, obs-text.
bool is_value_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

// Calls `each` with every element of a comma-separated list, OWS trimmed; empty elements
// included (the caller decides).
template <class Each>
void for_each_element(std::string_view list, Each&& each) {
  for (;;) {
    const auto comma = list.find(',');
    each(trim_ows(list.substr(0, comma)));
    if (comma == std::string_view::npos) return;
    list.remove_prefix(comma + 1);
  }
}

FramingRefusal check_transfer_encoding(const FramingFields& f) {
  if (f.transfer_encoding.empty()) return {};
  // RFC 9112 §6.1: a 1.0 message with Transfer-Encoding has faulty framing.
  if (f.version < 11) return {400, "Transfer-Encoding in an HTTP/1.0 request"};
  // The codings in order, over every field line (a list may be split across lines).
  std::size_t codings = 0;
  std::size_t chunked_at = 0;  // 1-based position of the (last) chunked
  std::size_t chunked_count = 0;
  bool empty = false;
  for (std::string_view line : f.transfer_encoding) {
    for_each_element(line, [&](std::string_view coding) {
      if (coding.empty()) {
        empty = true;
        return;
      }
      ++codings;
      // Parameters (";q=…") never go with chunked; a coding with them is unknown.
      if (iequals(coding, "chunked")) {
        ++chunked_count;
        chunked_at = codings;
      }
    });
  }
  if (empty && codings == 0) return {400, "empty Transfer-Encoding"};
  // §6.3: chunked not last (or absent): the length cannot be known.
  if (chunked_count == 0 || chunked_at != codings) return {400, "Transfer-Encoding without chunked last"};
  if (chunked_count > 1) return {400, "chunked applied twice"};
  // §6.1: a coding we do not know (only chunked is implemented).
  if (codings > 1) return {501, "unsupported transfer coding"};
  // §6.3: with Content-Length too, the message is refused rather than guessed at.
  if (!f.content_length.empty()) return {400, "Transfer-Encoding with Content-Length"};
  return {};
}

FramingRefusal check_content_length(const FramingFields& f) {
  if (f.content_length.empty()) return {};
  // §6.3 allows collapsing identical values; a list means someone on the path disagrees
  // about framing, so it is refused.
  if (f.content_length.size() > 1) return {400, "Content-Length repeated"};
  const std::string_view v = trim_ows(f.content_length.front());
  if (v.empty() || v.size() > 19) return {400, "Content-Length not a length"};
  for (char c : v) {
    if (c < '0' || c > '9') return {400, "Content-Length not a length"};
  }
  return {};
}

}  // namespace

FramingRefusal check_framing(const FramingFields& f) {
  if (auto r = check_transfer_encoding(f)) return r;
  if (auto r = check_content_length(f)) return r;
  // RFC 9112 §3.2: exactly one Host in HTTP/1.1.
  if (f.version >= 11 && f.host_lines != 1) {
    return {400, f.host_lines == 0 ? "no Host" : "Host repeated"};
  }
  return {};
}

HeadScanner::State HeadScanner::scan(std::string_view received) {
  for (; pos_ < received.size(); ++pos_) {
    const char c = received[pos_];
    switch (step_) {
      case Step::method:
        // The longest method we know is 7 bytes; a long token is no method of ours.
        if (c == ' ' && part_ > 0) {
          step_ = Step::target;
        } else if (!is_tchar(c) || ++part_ > kMaxMethodBytes) {
          return State::bad;
        }
        break;
      case Step::target:
        // Its length is Beast's (max_url_bytes, 414); obs-text is let through to it.
        if (c == ' ') {
          step_ = Step::version;
          part_ = 0;
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          return State::bad;  // also HTTP/0.9's CRLF right after the target
        }
        break;
      case Step::version: {
        static constexpr std::string_view kShape = "HTTP/d.d\r\n";
        const char want = kShape[part_];
        const bool ok = want == 'd' ? (c >= '0' && c <= '9') : c == want;
        if (!ok) return State::bad;
        if (++part_ == kShape.size()) step_ = Step::line_start;
        break;
      }
      case Step::line_start:
        if (c == '\r') {
          step_ = Step::final_cr;
        } else if (c == ' ' || c == '\t') {
          step_ = Step::value;  // obs-fold: Beast joins it to the line before
        } else if (is_tchar(c)) {
          step_ = Step::name;
        } else {
          return State::bad;
        }
        break;
      case Step::name:
        if (c == ':') {
          step_ = Step::value;
        } else if (!is_tchar(c)) {
          return State::bad;  // also a space before the colon (RFC 9112 §5.1)
        }
        break;
      case Step::value:
        if (c == '\r') {
          step_ = Step::cr;
        } else if (!is_value_byte(c)) {
          return State::bad;
        }
        break;
      case Step::cr:
        if (c != '\n') return State::bad;
        step_ = Step::line_start;
        break;
      case Step::final_cr:
        if (c != '\n') return State::bad;
        ++pos_;
        return State::complete;
    }
  }
  return State::need_more;
}

int chunked_overflow_status(std::string_view unparsed) {
  // What Beast left unparsed starts with the CRLF that ends the previous chunk's data
  // (none before the first chunk), then a chunk-size line.
  if (unparsed.starts_with("\r\n")) unparsed.remove_prefix(2);
  const auto eol = unparsed.find("\r\n");
  if (eol == std::string_view::npos) return 400;  // the chunk-size line itself
  std::string_view size = unparsed.substr(0, eol);
  size = size.substr(0, size.find(';'));
  if (size.empty() || size.find_first_not_of('0') != std::string_view::npos) return 400;
  return 431;  // the last chunk's line is whole: it is the trailer that did not fit
}

}  // namespace isl::server::detail
