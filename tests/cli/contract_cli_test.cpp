// The contract end to end through `isl build` and `isl serve`: every failing template in
// one run at its .isl line and column, props whose type is a user's alias, and a built
// site that sets cookies, answers its 500 page, redirects from a prerendered page, keeps
// single-quoted attributes, is served from where `--out` put it, drains on SIGTERM for
// `--drain-delay-ms`, and over HTTPS.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <regex>
#include <thread>

#include "cli_support.hpp"

namespace {

using namespace isl_cli_test;

void write(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

// Line and column (1-based) of the first `needle` in `text`.
std::string where(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  if (at == std::string::npos) return "(not found)";
  const auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1;
  const auto line_start = text.rfind('\n', at);
  const auto column = at - (line_start == std::string::npos ? 0 : line_start + 1) + 1;
  return std::to_string(line) + ":" + std::to_string(column) + ":";
}

TEST(CliContract, EveryFailingTemplateIsReportedInOneRunAtItsIslLine) {
  TempSite t;
  const fs::path src = t.site() / "src";
  write(src / "components/Card.isl", "---\nstruct Props {\n  std::string heading;\n  int count = 1;\n};\n---\n"
                                     "<h2>{props.heading} {props.count}</h2>\n");
  // A user's aliases: of std::optional (may be left out), of std::string (required).
  write(src / "components/Opt.isl", "---\nexport using MaybeCount = std::optional<int>;\n"
                                    "struct Props {\n  MaybeCount count;\n};\n---\n<p>{props.count.value_or(0)}</p>\n");
  write(src / "components/Named.isl", "---\nexport using Name = std::string;\nstruct Props {\n  Name name;\n};\n---\n"
                                      "<p>{props.name}</p>\n");
  // More failing files than ninja runs at once: without -k 0 it would stop before the last.
  for (int i = 1; i <= 6; ++i)
    write(src / ("components/Bad" + std::to_string(i) + ".isl"), "<p>{undefined_" + std::to_string(i) + "}</p>\n");
  const std::string page =
      "---\nimport Card from \"../components/Card.isl\";\nimport Opt from \"../components/Opt.isl\";\n"
      "import Named from \"../components/Named.isl\";\n---\n"
      "<Card heading=\"h\" count=\"3\" />\n"
      "<Opt />\n"
      "<Named />\n"
      "<p>{undefined_in_page}</p>\n";
  write(src / "pages/index.isl", page);

  Ran built = run(kIsl + " build -q " + t.site().string());
  EXPECT_NE(built.code, 0);
  const std::string out = built.output;
  auto reported = [&](const std::string& file, const std::string& at, const std::string& message) {
    const std::string expected = file + ":" + at;
    const auto pos = out.find(expected);
    EXPECT_NE(pos, std::string::npos) << expected << " " << message << "\n" << out;
    if (pos != std::string::npos) {
      EXPECT_NE(out.substr(pos, out.find('\n', pos) - pos).find(message), std::string::npos) << expected << "\n" << out;
    }
  };
  // A text attribute of the wrong type: at its opening quote.
  reported("src/pages/index.isl", where(page, "\"3\""), "error:");
  reported("src/pages/index.isl", where(page, "<Named"), "is missing the required prop 'name'");
  reported("src/pages/index.isl", where(page, "undefined_in_page"), "undefined_in_page");
  for (int i = 1; i <= 6; ++i)
    reported("src/components/Bad" + std::to_string(i) + ".isl", "1:5:", "undefined_" + std::to_string(i));
  EXPECT_EQ(out.find("index.isl:" + where(page, "<Opt")), std::string::npos) << "an optional alias may be left out\n"
                                                                              << out;
  EXPECT_EQ(out.find("Opt.isl:"), std::string::npos) << out;
}

// The site of corpus case 26 and more, built once.
void write_contract_site(const fs::path& site) {
  write(site / "src/pages/start.isl",
        "---\nexport constexpr bool prerender = false;\n"
        "ctx.set_cookie(\"session\", \"s1\", isl::CookieOptions{.path = \"/\", .http_only = true});\n"
        "ctx.set_cookie(\"theme\", \"dark\", isl::CookieOptions{.path = \"/\"});\n---\n"
        "<!doctype html>\n<html><body><h1 title='say \"hi\"'>Started</h1></body></html>\n");
  write(site / "src/pages/boom.isl",
        "---\n#include <stdexcept>\nexport constexpr bool prerender = false;\n"
        "throw std::runtime_error(\"database is down\");\n---\n<p>never</p>\n");
  write(site / "src/pages/500.isl", "<!doctype html>\n<html><body><h1>Something broke</h1></body></html>\n");
  write(site / "src/pages/404.isl", "<!doctype html>\n<html><body><h1>Not here</h1></body></html>\n");
  write(site / "src/pages/old.isl", "---\nreturn ctx.redirect(\"/start\", 301);\n---\n<p>never</p>\n");
  write(site / "src/pages/index.isl", "<!doctype html>\n<html><body><p data-q='a \"b\"'>home</p></body></html>\n");
  write(site / "public/.well-known/security.txt", "Contact: a@b.c\n");
  write(site / "public/.env", "SECRET=1\n");
}

TEST(CliContract, ABuiltSiteServedFromItsOutFolderAndOverHttps) {
  TempSite t;
  write_contract_site(t.site());
  const fs::path out = t.path() / "elsewhere";
  Ran built = run(kIsl + " build -q " + t.site().string() + " --out " + out.string());
  ASSERT_EQ(built.code, 0) << built.output;
  EXPECT_FALSE(fs::exists(t.site() / "dist"));
  EXPECT_TRUE(fs::exists(out / ".well-known/security.txt"));
  EXPECT_FALSE(fs::exists(out / ".env"));

  const int port = free_port();
  {
    Server server(t.site(), port);  // no --dist: what the last build wrote
    const std::string start = http_get(port, "/start");
    EXPECT_NE(start.find("200 OK"), std::string::npos) << start;
    EXPECT_NE(start.find("\r\nSet-Cookie: session=s1; Path=/; HttpOnly; SameSite=Lax\r\n"), std::string::npos) << start;
    EXPECT_NE(start.find("\r\nSet-Cookie: theme=dark; Path=/; SameSite=Lax\r\n"), std::string::npos) << start;
    EXPECT_NE(start.find("<h1 title='say \"hi\"'"), std::string::npos) << start;
    EXPECT_NE(http_get(port, "/").find("<p data-q='a \"b\"'>home</p>"), std::string::npos);
    const std::string boom = http_get(port, "/boom");
    EXPECT_NE(boom.find("HTTP/1.1 500"), std::string::npos) << boom;
    EXPECT_NE(boom.find("Something broke"), std::string::npos) << boom;
    EXPECT_EQ(boom.find("database is down"), std::string::npos) << boom;
    const std::string old = http_get(port, "/old");
    EXPECT_NE(old.find("HTTP/1.1 301"), std::string::npos) << old;
    EXPECT_NE(old.find("\r\nLocation: /start\r\n"), std::string::npos) << old;
    EXPECT_NE(http_get(port, "/404").find("HTTP/1.1 404"), std::string::npos);
    EXPECT_NE(http_get(port, "/.well-known/security.txt").find("Contact: a@b.c"), std::string::npos);
  }
  {
    // `--drain-delay-ms` reaches the server: after SIGTERM `/_isl/ready` is 503 while
    // pages are still served, until the delay is over.
    const int drain_port = free_port();
    Server server(t.site(), drain_port, {"--drain-delay-ms", "3000"});
    EXPECT_NE(http_get(drain_port, "/_isl/ready").find("200 OK"), std::string::npos);
    kill(server.pid(), SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::string ready = http_get(drain_port, "/_isl/ready");
    EXPECT_NE(ready.find("HTTP/1.1 503"), std::string::npos) << ready;
    EXPECT_NE(http_get(drain_port, "/").find("200 OK"), std::string::npos) << "pages are served while draining";
  }

  const std::string cert = (t.path() / "cert.pem").string(), key = (t.path() / "key.pem").string();
  if (run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost "
          "-keyout " + key + " -out " + cert).code != 0)
    GTEST_SKIP() << "no openssl command";
  const int tls_port = free_port();
  Server server(t.site(), tls_port, {"--tls-cert", cert, "--tls-key", key}, Server::Scheme::https);
  Ran fetched = run("curl -sk --max-time 5 https://127.0.0.1:" + std::to_string(tls_port) + "/start");
  EXPECT_NE(fetched.output.find("Started"), std::string::npos) << fetched.output;
  Ran half = run(kIsl + " serve " + t.site().string() + " --tls-cert " + cert);
  EXPECT_NE(half.code, 0);
  EXPECT_NE(half.output.find("needs both --tls-cert and --tls-key"), std::string::npos) << half.output;
}

}  // namespace
