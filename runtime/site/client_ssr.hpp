// Build-time HTML of client components: one Node process for the whole prerender (started
// on the first use that is not in the cache), speaking JSON lines over its stdin/stdout
// with the server script `isl build` bundled (src/client_bundle.cpp). Answers are cached
// in a file keyed by the script's content and the request, so a rebuild with no client
// change starts no Node at all.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <sys/types.h>

#include "render/client_renderer.hpp"

namespace isl::site {

class NodeClientRenderer final : public detail::ClientRenderer {
 public:
  NodeClientRenderer(std::filesystem::path script, std::filesystem::path cache_file);
  ~NodeClientRenderer() override;
  NodeClientRenderer(const NodeClientRenderer&) = delete;
  NodeClientRenderer& operator=(const NodeClientRenderer&) = delete;

  std::string render(std::string_view component, std::string_view props_json, const std::string* children) override;

  // Writes the answers of this build (and only those) to the cache file.
  void save() const;
  int node_renders() const { return node_renders_; }

 private:
  void start();
  std::string ask(const std::string& request_line);

  std::filesystem::path script_;
  std::filesystem::path cache_file_;
  std::string script_hash_;
  std::map<std::string, std::string> previous_, current_;
  pid_t pid_ = -1;
  int to_node_ = -1, from_node_ = -1;
  std::string pending_;  // read from Node, not yet a whole line
  int node_renders_ = 0;
};

// Installs a renderer for the scope's duration.
struct ClientRendererScope {
  explicit ClientRendererScope(detail::ClientRenderer* r) { detail::set_client_renderer(r); }
  ~ClientRendererScope() { detail::set_client_renderer(nullptr); }
  ClientRendererScope(const ClientRendererScope&) = delete;
  ClientRendererScope& operator=(const ClientRendererScope&) = delete;
};

}  // namespace isl::site
