// What a Context knows that generated code does not see: the request it answers and the
// page being rendered. Private to the runtime.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "isl/context.hpp"
#include "isl/output.hpp"

namespace isl::seal {
class KeyRing;
}
namespace isl::http {
struct Request;
}

namespace isl::detail {

struct RequestState {
  const http::Request* request = nullptr;
  // Parsed on first use.
  std::optional<std::vector<std::pair<std::string, std::string>>> cookies;
  std::optional<std::vector<std::pair<std::string, std::string>>> query;
  std::optional<std::vector<std::pair<std::string, std::string>>> form;
  std::string_view query_source;  // the query string, or the form body of an island POST
};

struct PageState {
  const seal::KeyRing* keys = nullptr;  // seals island props and slots
  std::string stylesheet;               // href of the page's CSS, "" for none
  bool stylesheet_written = false;
  bool loader_written = false;
  int islands = 0;
  std::vector<std::string> preloads;  // GET island URLs, announced in <head> by finish_page
  const Output* head_output = nullptr;  // where </head> was written: the buffer and offset
  std::size_t head_at = 0;
  std::set<std::string, std::less<>> scripts;  // component scripts already written
  int client_islands = 0;                      // client components used (spec §8)
  bool client_runtime_written = false;
  bool dev_client = false;                     // `isl dev`: reload on rebuild, show errors
  bool dev_client_written = false;
};

// What the runtime sets up before a render and reads after it, behind the author's API:
// Context keeps these private, and this is its one friend besides SlotScope.
struct ContextAccess {
  static Response& response(Context& ctx) { return ctx.response_; }
  static const Response& response(const Context& ctx) { return ctx.response_; }
  static Params& params(Context& ctx) { return ctx.params_; }
  static void set_page_url(Context& ctx, std::string url) { ctx.page_url_ = std::move(url); }
  static void set_prerendering(Context& ctx, bool on) { ctx.prerendering_ = on; }
  // Takes ownership (the previous state, if any, is deleted).
  static void set_request_state(Context& ctx, RequestState* state) { ctx.set_request_state(state); }
  static RequestState* request_state(const Context& ctx) { return ctx.request_; }
  static PageState& page_state(Context& ctx) { return *ctx.page_; }
};

// Parses "a=1&b=%20x" (form encoding: '+' is a space) into pairs; bad escapes are kept as is.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);
// Parses a Cookie header: "a=1; b=2".
void parse_cookie_header(std::string_view header, std::vector<std::pair<std::string, std::string>>& out);
std::string percent_decode(std::string_view s, bool plus_is_space);

// After a page's render: the stylesheet and the loader, if the template had no <head>
// or </body> to put them at.
void finish_page(Context& ctx, Output& out);

// The client islands' runtime, once per page that has one (render/client_island.cpp).
void write_client_runtime(PageState& page, Output& out);

// The island loader script (minified), for its size to be reported and tested.
std::string_view island_loader_script();
// `isl dev`'s client: polls /_isl/dev, reloads on a new build, shows a failed build's errors.
std::string_view dev_client_script();

}  // namespace isl::detail
