// `isl new DIR`: a starter site that builds and serves at once: a layout, a page, an
// island with a fallback, styles, a public file.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <utility>
#include <vector>

#include "commands.hpp"

namespace fs = std::filesystem;

namespace isl::cli {
namespace {

const std::vector<std::pair<const char*, const char*>> kFiles = {
    {"src/layouts/Base.isl", R"isl(---
struct Props {
  std::string title;
};
---
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.svg">
<title>{props.title}</title>
</head>
<body>
<header class="top"><a href="/">My isl site</a></header>
<main>
<slot />
</main>
</body>
</html>
<style is:global>
  body { margin: 0; font: 16px/1.6 system-ui, sans-serif; color: #1f2430; background: #f7f7fb; }
  main { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
</style>
<style>
  .top { padding: 1rem; background: #1f2430; }
  .top a { color: #fff; text-decoration: none; font-weight: 600; }
</style>
)isl"},
    {"src/pages/index.isl", R"isl(---
import Base from "../layouts/Base.isl";
import Greeting from "../components/Greeting.isl";

std::vector<std::string> features = {"static pages", "server islands", "sealed props"};
---
<Base title="Welcome">
  <h1>Hello from isl</h1>
  <p>This page was built once and is served as a file. The box below is a server island:
  it is rendered for each visitor, after the page has loaded.</p>
  <Greeting visitor="friend" server:defer>
    <p slot="fallback" class="loading">Saying hello…</p>
  </Greeting>
  <ul>
    {#for const auto& f : features}<li>{f}</li>{/for}
  </ul>
</Base>
)isl"},
    {"src/components/Greeting.isl", R"isl(---
#include <ctime>

struct Props {
  std::string visitor;
};

// Runs on every request to /_server-islands/Greeting: the cookie is this visitor's.
std::string name = ctx.cookie("name").value_or(props.visitor);
std::time_t now = std::time(nullptr);
char clock[16];
std::strftime(clock, sizeof clock, "%H:%M:%S", std::gmtime(&now));
---
<div class="greeting">
  <strong>Hello, {name}!</strong> The server rendered this at {std::string(clock)} UTC.
</div>
<style>
  .greeting { padding: 1rem 1.25rem; border-radius: 10px; background: #fff; border: 1px solid #e3e3ee; }
</style>
)isl"},
    {"public/favicon.svg",
     R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="#1f2430"/><circle cx="16" cy="16" r="6" fill="#7dd3fc"/></svg>
)"},
    {".gitignore", "dist/\n.isl/\n"},
    {"README.md", R"(# My isl site

    isl dev          # build, serve on http://127.0.0.1:4321, rebuild and reload on save
    isl build        # the static site in dist/ and the server program
    isl serve        # serve it (set ISL_KEY in production: `isl keygen`)

Pages live in `src/pages/`, components in `src/components/`, files copied as they are in
`public/`.
)"},
};

}  // namespace

int new_command(const std::string& dir) {
  fs::path root = fs::absolute(dir);
  if (fs::exists(root) && !fs::is_empty(root)) {
    std::cerr << "error: " << root.string() << " exists and is not empty\n";
    return 1;
  }
  for (const auto& [name, content] : kFiles) {
    fs::path p = root / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  std::cout << "Created " << root.string() << ". Next:\n  cd " << dir << "\n  isl dev\n";
  return 0;
}

}  // namespace isl::cli
