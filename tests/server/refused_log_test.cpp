// The access log of requests the server refused: the target as received (escaped, its
// query cut, at most kLoggedTargetBytes), so an operator can see what was refused.
#include <gtest/gtest.h>

#include "server/access_log.hpp"
#include "test_support.hpp"

namespace isl::server::test {
namespace {

// The log lines written while `requests` were sent, each on its own connection.
std::string log_of(const std::vector<std::string>& requests) {
  TempDir dir;
  dir.write("a.txt", "A");
  Options o = test_options(dir.path());
  o.access_log = true;
  o.max_url_bytes = 1000;
  testing::internal::CaptureStdout();
  {
    Server server(o, nullptr);
    server.start();
    for (const auto& r : requests) {
      Client c(server.port());
      c.send(r);
      c.read_response();
    }
    server.stop();
  }
  return testing::internal::GetCapturedStdout();
}

TEST(RefusedLog, TheTargetAsReceivedEscapedWithoutItsQuery) {
  const std::string log = log_of({
      "GET /a/../secret?token=SECRET HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      "GET /bad%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      "DELETE /a.txt?x=SECRET HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      "GET /" + std::string(2000, 'u') + "?q=SECRET HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      "G\x01T /x\"y HTTP/1.1\r\nHost: x\r\n\r\n",
  });
  EXPECT_NE(log.find("\"GET /a/../secret?\" 400"), std::string::npos) << log;
  EXPECT_NE(log.find("\"GET /bad%zz\" 400"), std::string::npos) << log;
  EXPECT_NE(log.find("\"DELETE /a.txt?\" 405"), std::string::npos) << log;
  EXPECT_NE(log.find("\"GET /" + std::string(255, 'u') + "...(2002 bytes)\" 414"), std::string::npos) << log;
  EXPECT_NE(log.find("\"G\\x01T /x\\x22y\" 400"), std::string::npos) << log;
  EXPECT_EQ(log.find("SECRET"), std::string::npos) << log;
  EXPECT_EQ(log.find("\"- -\""), std::string::npos) << log;
}

TEST(RefusedLog, RequestLineParts) {
  using detail::received_method;
  using detail::received_target;
  EXPECT_EQ(received_method("GET /a?b HTTP/1.1\r\nHost: x"), "GET");
  EXPECT_EQ(received_target("GET /a?b HTTP/1.1\r\nHost: x"), "/a?");
  EXPECT_EQ(received_target("GET /only-target"), "/only-target");
  EXPECT_EQ(received_target("GARBAGE\r\n"), "-");
  EXPECT_EQ(received_method(""), "-");
  EXPECT_EQ(received_method(std::string(40, 'M') + " /"), std::string(16, 'M'));
}

}  // namespace
}  // namespace isl::server::test
