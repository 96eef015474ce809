// The `isl` command end to end, in temporary folders, with real processes and sockets:
// new → build → serve → fetch a page and an island; incremental rebuilds; a failed build
// keeps the previous dist/; find_package(isl) from an installed tree.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "cli_support.hpp"

namespace fs = std::filesystem;

namespace {

using namespace isl_cli_test;

TEST(Cli, NewBuildServeFetchPageAndIsland) {
  unsetenv("ISL_KEY");  // the development-key path
  TempSite t;
  ASSERT_EQ(run(kIsl + " new " + t.site().string()).code, 0);
  Ran built = run("cd " + t.site().string() + " && " + kIsl + " build");
  ASSERT_EQ(built.code, 0) << built.output;
  EXPECT_NE(built.output.find("1 pages, 2 components, 1 islands"), std::string::npos) << built.output;
  EXPECT_TRUE(fs::exists(t.site() / "dist/index.html"));
  EXPECT_TRUE(fs::exists(t.site() / "dist/favicon.svg"));
  EXPECT_TRUE(fs::exists(t.site() / ".isl/dev.key")) << "no ISL_KEY: a development key";

  int port = free_port();
  Server server(t.site(), port);
  std::string page = http_get(port, "/");
  ASSERT_NE(page.find("200 OK"), std::string::npos) << page;
  EXPECT_NE(page.find("Saying hello"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page, m, std::regex("isl-island:(/_server-islands/Greeting\\?[^>]*)-->")))
      << page;
  std::string island = http_get(port, m[1].str(), "Cookie: name=Grace\r\n");
  EXPECT_NE(island.find("200 OK"), std::string::npos) << island;
  EXPECT_NE(island.find("Hello, Grace!"), std::string::npos) << island;
  EXPECT_NE(island.find("Cache-Control: private, no-store"), std::string::npos) << island;
  std::string tampered = m[1].str();
  tampered[tampered.find("?p=") + 10] ^= 1;
  EXPECT_NE(http_get(port, tampered).find("400 Bad Request"), std::string::npos);
}

TEST(Cli, IncrementalBuildsAndFailedBuildKeepsDist) {
  TempSite t;
  ASSERT_EQ(run(kIsl + " new " + t.site().string()).code, 0);
  std::string build = kIsl + " build " + t.site().string();
  ASSERT_EQ(run(build).code, 0);
  fs::path program = t.site() / ".isl/build/site";
  auto program_time = fs::last_write_time(program);

  // Prerendered pages (compiled at -O0) are in the prerender program only: the server has
  // none of their code, and says so if asked to prerender.
  auto link_line = [&](const std::string& program) {
    std::smatch link;
    const std::string ninja = read(t.site() / ".isl/build/build.ninja");
    const std::regex line("\\nbuild " + program + ": [^\\n]*\\n(  [^\\n]*\\n)*?  LINK_LIBRARIES = ([^\\n]*)");
    return std::regex_search(ninja, link, line) ? link[0].str() : std::string("(no link line)");
  };
  // (The pages are an object library: their objects are the link's inputs.)
  EXPECT_EQ(link_line("site").find("site_pages.dir"), std::string::npos) << link_line("site");
  EXPECT_NE(link_line("site_prerender").find("site_pages.dir"), std::string::npos) << link_line("site_prerender");
  Ran server_prerender = run(program.string() + " --key-file " + (t.site() / ".isl/dev.key").string() +
                             " prerender --out " + (t.site() / "out").string());
  EXPECT_NE(server_prerender.code, 0);
  EXPECT_NE(server_prerender.output.find("this program cannot prerender"), std::string::npos)
      << server_prerender.output;
  fs::path layout_obj = t.site() / ".isl/build/CMakeFiles/site_code.dir/gen/layouts/Base.isl.cpp.o";
  ASSERT_TRUE(fs::exists(layout_obj));
  auto layout_time = fs::last_write_time(layout_obj);

  // Nothing changed: nothing is compiled or linked again.
  Ran again = run(build);
  ASSERT_EQ(again.code, 0) << again.output;
  EXPECT_NE(again.output.find("up to date"), std::string::npos) << again.output;
  EXPECT_EQ(fs::last_write_time(program), program_time);

  // One component edited: it is recompiled, the layout is not.
  std::string greeting = read(t.site() / "src/components/Greeting.isl");
  std::ofstream(t.site() / "src/components/Greeting.isl") << std::regex_replace(greeting, std::regex("Hello,"), "Hi,");
  Ran edited = run(build);
  ASSERT_EQ(edited.code, 0) << edited.output;
  EXPECT_NE(edited.output.find("1 files changed"), std::string::npos) << edited.output;
  EXPECT_EQ(fs::last_write_time(layout_obj), layout_time);
  EXPECT_NE(fs::last_write_time(program), program_time);

  // A failing build (a C++ error) leaves the previous dist/ as it was.
  std::string before = read(t.site() / "dist/index.html");
  std::ofstream(t.site() / "src/pages/index.isl", std::ios::app) << "<p>{undefined_name}</p>\n";
  Ran failed = run(build);
  EXPECT_NE(failed.code, 0);
  EXPECT_NE(failed.output.find("src/pages/index.isl:18:"), std::string::npos) << failed.output;
  EXPECT_EQ(read(t.site() / "dist/index.html"), before);
  EXPECT_FALSE(fs::exists(t.site() / "dist.isl-new"));
}

// What a site's isl.cmake gives the target `site` reaches both programs: a source outside
// src/ (target_sources), an include path, a definition, and a library found through a link
// directory, used by a prerendered page (site_prerender) and by an island (site).
TEST(Cli, TheSitesOwnCMakeReachesBothPrograms) {
  unsetenv("ISL_KEY");
  TempSite t;
  const fs::path site = t.site();
  ASSERT_EQ(run(kIsl + " new " + site.string()).code, 0);
  auto write = [](const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  };
  write(site / "vendor/answer.hpp", "#pragma once\nint vendor_answer();\nint thing();\n");
  write(site / "vendor/answer.cpp",
        "#include \"answer.hpp\"\n#ifndef ANSWER_BASE\n#error ANSWER_BASE is not defined\n#endif\n"
        "int vendor_answer() { return ANSWER_BASE + 2; }\n");
  write(t.path() / "thing.cpp", "int thing() { return 7; }\n");
  fs::create_directories(site / "libdir");
  const Ran lib = run("g++ -c " + (t.path() / "thing.cpp").string() + " -o " + (t.path() / "thing.o").string() +
                      " && ar rcs " + (site / "libdir/libthing.a").string() + " " + (t.path() / "thing.o").string());
  ASSERT_EQ(lib.code, 0) << lib.output;
  write(site / "isl.cmake",
        "target_sources(site PRIVATE ${CMAKE_CURRENT_LIST_DIR}/vendor/answer.cpp)\n"
        "target_include_directories(site PRIVATE ${CMAKE_CURRENT_LIST_DIR}/vendor)\n"
        "target_compile_definitions(site PRIVATE ANSWER_BASE=40)\n"
        "target_link_directories(site PRIVATE ${CMAKE_CURRENT_LIST_DIR}/libdir)\n"
        "target_link_libraries(site PRIVATE thing)\n");
  write(site / "src/components/Answer.isl", "---\n#include \"answer.hpp\"\n---\n<p>island {vendor_answer() + thing()}</p>\n");
  write(site / "src/pages/index.isl",
        "---\nimport Base from \"../layouts/Base.isl\";\nimport Answer from \"../components/Answer.isl\";\n"
        "#include \"answer.hpp\"\n---\n<Base title=\"Answers\">\n  <p>static {vendor_answer()} {thing()}</p>\n"
        "  <Answer server:defer><p slot=\"fallback\">asking</p></Answer>\n</Base>\n");
  const Ran built = run("cd " + site.string() + " && " + kIsl + " build");
  ASSERT_EQ(built.code, 0) << built.output;
  const std::string html = read(site / "dist/index.html");
  EXPECT_NE(html.find("<p>static 42 7</p>"), std::string::npos) << html;

  const int port = free_port();
  Server server(site, port);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(html, m, std::regex("isl-island:(/_server-islands/Answer\\?[^>]*)-->"))) << html;
  const std::string island = http_get(port, m[1].str());
  EXPECT_NE(island.find("200 OK"), std::string::npos) << island;
  EXPECT_NE(island.find("island 49"), std::string::npos) << island;
  // Its definition could change how isl's headers compile: its own precompiled header.
  EXPECT_NE(precompiled_header_used(site / ".isl/build", "/components/Answer.isl.cpp.o").find("cmake_pch.hxx.gch"),
            std::string::npos);
}

// A site built as `isl build` builds it compiles against the precompiled headers isl's own
// build made (cmake/IslSitePch.cmake): none of its own to make first. (A site with its own
// definitions makes its own: TheSitesOwnCMakeReachesBothPrograms.)
TEST(Cli, SitesUseThePrecompiledHeadersIslShips) {
  TempSite t;
  ASSERT_EQ(run(kIsl + " new " + t.site().string()).code, 0);
  const Ran built = run(kIsl + " build " + t.site().string());
  ASSERT_EQ(built.code, 0) << built.output;
  const fs::path build = t.site() / ".isl/build";
  const std::string shipped = std::string(ISL_BINARY_DIR) + "/site-pch/";
  EXPECT_EQ(precompiled_header_used(build, "/layouts/Base.isl.cpp.o"), shipped + "code/isl_site_pch.hxx.gch");
  EXPECT_EQ(precompiled_header_used(build, "site.dir/gen/site.gen.cpp.o"), shipped + "code/isl_site_pch.hxx.gch");
  EXPECT_EQ(precompiled_header_used(build, "_unity/pages_0.cpp.o"), shipped + "pages/isl_site_pch.hxx.gch");
  EXPECT_EQ(read(build / "build.ninja").find("cmake_pch"), std::string::npos) << "a precompiled header of its own";
}

TEST(Cli, KeygenPrintsAKey) {
  Ran r = run(kIsl + " keygen");
  ASSERT_EQ(r.code, 0);
  EXPECT_TRUE(std::regex_match(r.output, std::regex("[A-Za-z0-9+/]{43}=\n"))) << r.output;
  EXPECT_NE(run(kIsl + " keygen").output, r.output);
}

TEST(Cli, ServerRefusesAKeyThatCannotOpenTheBuild) {
  TempSite t;
  ASSERT_EQ(run(kIsl + " new " + t.site().string()).code, 0);
  ASSERT_EQ(run(kIsl + " build " + t.site().string()).code, 0);
  std::string other = run(kIsl + " keygen").output;
  other.pop_back();
  Ran r = run("ISL_KEY=" + other + " timeout 10 " + kIsl + " serve " + t.site().string() + " --port " +
              std::to_string(free_port()));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("was built with key id"), std::string::npos) << r.output;
}

TEST(Cli, FindPackageFromAnInstalledTree) {
  TempSite t;
  fs::path prefix = t.path() / "prefix";
  Ran installed = run("cmake --install " + std::string(ISL_BINARY_DIR) + " --prefix " + prefix.string());
  ASSERT_EQ(installed.code, 0) << installed.output;
  ASSERT_EQ(run(kIsl + " new " + t.site().string()).code, 0);
  fs::path consumer = t.path() / "consumer";
  fs::create_directories(consumer);
  std::ofstream(consumer / "CMakeLists.txt") << "cmake_minimum_required(VERSION 3.25)\nproject(consumer CXX)\n"
                                                "find_package(isl REQUIRED)\n"
                                                "isl_add_site(mysite SITE \""
                                             << t.site().string() << "\" DIST ${CMAKE_BINARY_DIR}/dist)\n";
  // The flags `isl build` gives a site: the install's own precompiled headers fit.
  Ran configured = run("cmake -S " + consumer.string() + " -B " + (consumer / "build").string() +
                       " -G Ninja -DCMAKE_PREFIX_PATH=" + prefix.string() +
                       " -DCMAKE_BUILD_TYPE=Release '-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG'");
  ASSERT_EQ(configured.code, 0) << configured.output;
  Ran built = run("ISL_KEY=$(" + kIsl + " keygen) cmake --build " + (consumer / "build").string());
  ASSERT_EQ(built.code, 0) << built.output;
  EXPECT_NE(read(consumer / "build/dist/index.html").find("Hello from isl"), std::string::npos);
  const std::string used = precompiled_header_used(consumer / "build", "/layouts/Base.isl.cpp.o");
  EXPECT_EQ(used.rfind(prefix.string(), 0), 0u) << used;
  EXPECT_TRUE(used.ends_with("/cmake/isl/site-pch/code/isl_site_pch.hxx.gch")) << used;
}

}  // namespace

namespace {

// Golden HTML: tests/golden-html/site built for real; each page must come out exactly as
// tests/golden-html/expected/<page>.html. A fixed key makes the island URLs fixed too
// (sealing is deterministic). Regenerate with ISL_UPDATE_GOLDEN=1 and read the diff.
TEST(Cli, GoldenHtml) {
  TempSite t;
  fs::path golden = fs::path(ISL_SOURCE_DIR) / "tests/golden-html";
  fs::copy(golden / "site", t.site(), fs::copy_options::recursive);
  const std::string key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  Ran built = run("ISL_KEY=" + key + " " + kIsl + " build -q " + t.site().string());
  ASSERT_EQ(built.code, 0) << built.output;
  for (const std::string page : {"constructs", "no-head"}) {
    std::string actual = read(t.site() / "dist" / page / "index.html");
    fs::path expected = golden / "expected" / (page + ".html");
    if (std::getenv("ISL_UPDATE_GOLDEN")) std::ofstream(expected) << actual;
    EXPECT_EQ(actual, read(expected)) << page;
  }
}

}  // namespace
