// The head isl writes itself (server/response_head.hpp) against the oracle it replaced:
// Beast's message and serializer, given the same response the way the session used to.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <sstream>

#include "server/http_date.hpp"
#include "server/response_head.hpp"

namespace isl::server::detail {
namespace {

namespace http = boost::beast::http;

std::string beast_head(const Response& response, const HeadFraming& framing) {
  http::response<http::empty_body> out;
  out.version(framing.version);
  out.result(static_cast<unsigned>(response.status));
  if (http::int_to_status(static_cast<unsigned>(response.status)) == http::status::unknown) {
    out.reason(reason_phrase(response.status));
  }
  for (const auto& [name, value] : response.headers) out.insert(name, value);
  if (out.find(http::field::date) == out.end()) out.set(http::field::date, current_http_date());
  if (out.find(http::field::server) == out.end()) out.set(http::field::server, "isl");
  if (framing.content_length) out.content_length(*framing.content_length);
  out.keep_alive(framing.keep_alive);
  if (framing.chunked) out.chunked(true);
  std::ostringstream text;
  text << out.base();
  return text.str();
}

std::string ours(const Response& response, const HeadFraming& framing) {
  std::string out = "left over from the last answer";
  write_response_head(out, response, framing);
  return out;
}

Response with_fields(int status, isl::detail::Headers headers) {
  Response r;
  r.status = status;
  r.headers = std::move(headers);
  return r;
}

TEST(ResponseHead, SameBytesAsBeastForEachFraming) {
  // A fixed Date, so that the two heads are written in the same second whatever the clock.
  const isl::detail::Headers page = {{"Content-Type", "text/html; charset=utf-8"},
                                     {"Cache-Control", "public, max-age=0, must-revalidate"},
                                     {"ETag", "\"5f3a-1c\""},
                                     {"Date", "Thu, 03 Dec 2026 12:00:00 GMT"}};
  struct Case {
    const char* what;
    Response response;
    HeadFraming framing;
  };
  const Case cases[] = {
      {"keep-alive 1.1", with_fields(200, page), {11, true, 3072}},
      {"close 1.1", with_fields(200, page), {11, false, 3072}},
      {"keep-alive 1.0", with_fields(200, page), {10, true, 10}},
      {"close 1.0", with_fields(200, page), {10, false, 10}},
      {"304 without a length", with_fields(304, page), {11, true, std::nullopt}},
      {"a length in the fields is replaced", with_fields(200, {{"Content-Length", "99"}, {"Server", "site"}}),
       {11, true, 7}},
      {"a status Beast knows (its phrase)", with_fields(413, page), {11, false, 0}},
      {"a status Beast does not know", with_fields(299, page), {11, true, 1}},
      {"range", with_fields(206, page), {11, true, 100}},
      {"streamed, keep-alive", with_fields(200, page), {11, true, std::nullopt, true}},
      {"streamed, close", with_fields(200, page), {11, false, std::nullopt, true}},
      {"streamed to HTTP/1.0 (no chunks)", with_fields(200, page), {10, false, std::nullopt, false}},
  };
  for (const auto& c : cases) EXPECT_EQ(ours(c.response, c.framing), beast_head(c.response, c.framing)) << c.what;
}

TEST(ResponseHead, AddsDateAndServerAndEndsTheHead) {
  const std::string head = ours(with_fields(404, {{"Content-Type", "text/plain"}}), {11, true, 10});
  EXPECT_EQ(head.rfind("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nDate: ", 0), 0u) << head;
  EXPECT_NE(head.find("\r\nServer: isl\r\nContent-Length: 10\r\n\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Connection"), std::string::npos) << head;
  EXPECT_EQ(head.find("left over"), std::string::npos) << head;
}

}  // namespace
}  // namespace isl::server::detail
