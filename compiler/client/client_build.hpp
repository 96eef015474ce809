// What the compiler asks of the client bundler (src/client_bundle.cpp): one entry per
// client component and per bundled <script>, answered with each entry's URL under
// /_isl/ or with errors that the compiler reports at the right file, line and column.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace isl::compiler {

struct ClientEntry {
  enum class Kind { component, script };
  Kind kind = Kind::component;
  std::string name;  // the output file's stem: "Counter", "Item.script0"
  std::string id;    // components: the file relative to src/, "components/Counter.jsx"
  std::string path;  // components: the absolute path of the file; scripts: the folder of the .isl file
  std::string code;  // scripts: the TypeScript as written (relative imports are from `path`)
  bool rendered_at_build = false;  // components: some use is rendered to HTML by Node
  std::string url;   // answer: "/_isl/js/Counter-5XQ2MZ7C.js"
};

struct ClientBuildError {
  int entry = -1;       // the error is in this script entry's code (line and column in it)...
  std::string file;     // ...or in this file (absolute or relative to the site)
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based
  std::string message;
};

struct ClientBuild {
  std::vector<ClientEntry> entries;
  std::vector<ClientBuildError> errors;  // answer
  std::string failure;                   // answer: a problem of the whole build (no Node, npm failed)
};

using ClientBundler = std::function<void(ClientBuild&)>;

}  // namespace isl::compiler
