// Client code in `isl build` (spec §8), end to end with the real esbuild: a site whose
// <script>s import only local modules builds with no Node on PATH, runs esbuild once and
// not again when nothing changed; TypeScript and JSX syntax errors are reported at the
// line of the .isl or .jsx file.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace {

const std::string kIsl = std::string(ISL_BINARY_DIR) + "/isl";

struct Outcome {
  int code;
  std::string output;
};

Outcome shell(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

struct Workspace {
  Workspace() : root(fs::temp_directory_path() / ("isl-client-" + std::to_string(std::random_device{}()))) {
    fs::create_directories(root);
  }
  ~Workspace() { fs::remove_all(root); }
  fs::path site() const { return root / "site"; }
  fs::path root;
};

// A PATH with every program of this one but `left_out`: links to them in one folder.
std::string path_without(const fs::path& bin, const std::set<std::string>& left_out) {
  fs::create_directories(bin);
  std::stringstream dirs(std::getenv("PATH") ? std::getenv("PATH") : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      std::string name = e.path().filename().string();
      if (left_out.count(name)) continue;
      fs::create_symlink(e.path(), bin / name, ec);  // the first of a name wins, as in PATH
    }
  }
  return bin.string();
}

std::string path_without_node(const fs::path& bin) {
  return path_without(bin, {"node", "nodejs", "npm", "npx", "corepack"});
}

// An installed framework, without the network: what esbuild needs to resolve JSX.
void put_fake_preact(const fs::path& site) {
  put(site / "package.json", "{\"dependencies\": {\"preact\": \"10.0.0\"}}\n");
  put(site / "node_modules/preact/package.json",
      "{\"name\":\"preact\",\"exports\":{\".\":\"./index.js\",\"./jsx-runtime\":\"./jsx-runtime.js\"}}\n");
  put(site / "node_modules/preact/index.js", "export const h=()=>null,hydrate=()=>{},render=()=>{};\n");
  put(site / "node_modules/preact/jsx-runtime.js", "export const jsx=()=>null,jsxs=jsx,Fragment=null;\n");
  put(site / "node_modules/.package-lock.json", "{}\n");
}

// One page using one Preact component, `name`.jsx, whose function returns `jsx` (on line 2).
void put_jsx_site(const fs::path& site, const std::string& name, const std::string& page_body, const std::string& jsx) {
  put(site / "src/pages/index.isl",
      "---\nimport " + name + " from \"../components/" + name + ".jsx\";\n---\n" + page_body + "\n");
  put(site / "src/components" / (name + ".jsx"), "export default function " + name + "() {\n  return " + jsx + ";\n}\n");
  put_fake_preact(site);
}

void write_script_site(const fs::path& site, const std::string& script) {
  put(site / "src/pages/index.isl",
      "---\nimport Item from \"../components/Item.isl\";\n---\n<html><body>\n<Item />\n<Item />\n</body></html>\n");
  put(site / "src/components/Item.isl", "<b>item</b>\n<script lang=\"ts\">\n" + script + "</script>\n");
  put(site / "src/lib/twice.ts", "export const twice = (n: number): number => n * 2;\n");
}

TEST(ClientBuild, ScriptsAreBundledWithoutNodeAndOncePerPage) {
  Workspace w;
  write_script_site(w.site(), "import { twice } from \"../lib/twice.ts\";\nconst n: number = twice(21);\n"
                              "document.title = String(n);\n");
  const std::string build = "env PATH=" + path_without_node(w.root / "bin") + " " + kIsl + " build " + w.site().string();
  Outcome first = shell(build);
  ASSERT_EQ(first.code, 0) << first.output;
  EXPECT_NE(shell("env PATH=" + (w.root / "bin").string() + " sh -c 'command -v node'").code, 0) << "node is on PATH";

  std::string html = slurp(w.site() / "dist/index.html");
  std::smatch tag;
  ASSERT_TRUE(std::regex_search(html, tag, std::regex("<script type=\"module\" src=\"(/_isl/js/Item\\.script0-[A-Z0-9]+\\.js)\"></script>")))
      << html;
  EXPECT_EQ(html.find("<script", tag.position() + 1), std::string::npos) << "written once: " << html;
  std::string js = slurp(w.site() / "dist" / tag[1].str().substr(1));
  EXPECT_NE(js.find("document.title"), std::string::npos) << js;
  EXPECT_EQ(js.find(": number"), std::string::npos) << "TypeScript is compiled: " << js;
  EXPECT_NE(js.find("*2"), std::string::npos) << "the imported module is bundled: " << js;
  EXPECT_FALSE(fs::exists(w.site() / "node_modules"));

  Outcome again = shell(build);
  ASSERT_EQ(again.code, 0) << again.output;
  EXPECT_NE(again.output.find("scripts: unchanged"), std::string::npos) << "esbuild ran again:\n" << again.output;
  EXPECT_EQ(slurp(w.site() / "dist/index.html"), html);
}

TEST(ClientBuild, ScriptSyntaxErrorIsReportedAtTheIslLine) {
  Workspace w;
  write_script_site(w.site(), "const a: number = 1;\nconst b = (a +;\n");
  Outcome r = shell(kIsl + " build " + w.site().string());
  EXPECT_NE(r.code, 0);
  // <script lang="ts"> is line 2 of Item.isl; the ';' that is wrong, line 4, column 15.
  EXPECT_NE(r.output.find("src/components/Item.isl:4:15: error: script: Unexpected \";\""), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("const b = (a +;"), std::string::npos) << "the line is shown: " << r.output;
}

TEST(ClientBuild, JsxSyntaxErrorIsReportedAtTheJsxLine) {
  Workspace w;
  put_jsx_site(w.site(), "Broken", "<Broken client:only />", "<b>{1 +}</b>");
  Outcome r = shell(kIsl + " build " + w.site().string());
  EXPECT_NE(r.code, 0);
  EXPECT_TRUE(std::regex_search(r.output, std::regex("src/components/Broken\\.jsx:2:\\d+: error: ")))
      << r.output;
}

// The renderer isl adds for Preact comes from the user's cache once it is there: a build
// after `rm -rf .isl` (or of another site) needs no npm. The cached copy here is a stand-in
// whose output the page must show, so the test also fails if another renderer was used.
TEST(ClientBuild, BuildTimeRendererComesFromTheUserCache) {
  Workspace w;
  put_jsx_site(w.site(), "Hello", "<html><body><Hello client:load /></body></html>", "<b>hello</b>");
  const fs::path cached = w.root / "cache/npm/preact-render-to-string@6.8.2/node_modules/preact-render-to-string";
  put(cached / "package.json", "{\"name\":\"preact-render-to-string\",\"main\":\"index.js\"}\n");
  put(cached / "index.js", "exports.renderToString=()=>\"<i>from the cached renderer</i>\";\n");
  const std::string build = "env ISL_CACHE_DIR=" + (w.root / "cache").string() +
                            " PATH=" + path_without(w.root / "bin", {"npm", "npx", "corepack"}) + " " + kIsl +
                            " build " + w.site().string();
  for (int run = 0; run < 2; ++run) {
    Outcome r = shell(build);
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_NE(slurp(w.site() / "dist/index.html").find("<i>from the cached renderer</i>"), std::string::npos)
        << slurp(w.site() / "dist/index.html");
    EXPECT_TRUE(fs::exists(w.site() / ".isl/node_modules/preact-render-to-string/index.js"));
    fs::remove_all(w.site() / ".isl");  // the second build starts from nothing but the cache
  }
  EXPECT_EQ(slurp(cached / "index.js"), "exports.renderToString=()=>\"<i>from the cached renderer</i>\";\n");
}

}  // namespace
