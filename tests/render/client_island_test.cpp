// Client islands in the page (spec §8): props as JSON (every prop type, structs through
// isl_fields, named with isl_field_names), the island element, its children template and
// fallback, and the runtime written once per page.
#include <gtest/gtest.h>

#include "isl/client_island.hpp"
#include "isl/component.hpp"
#include "render/client_renderer.hpp"
#include "render/state.hpp"

namespace geo {
struct Point {
  int x = 0;
  double y = 0;
};
inline auto isl_fields(Point& p) { return std::tie(p.x, p.y); }

struct Named {
  std::string name;
  std::optional<int> age;
};
inline auto isl_fields(Named& n) { return std::tie(n.name, n.age); }
inline auto isl_field_names(const Named&) { return std::array{"name", "age"}; }
}  // namespace geo

namespace isl {
namespace {

template <class T>
std::string json_of(const T& v) {
  std::string out;
  client::write_json(out, v);
  return out;
}

TEST(ClientProps, EveryPropTypeAsJson) {
  EXPECT_EQ(json_of(true), "true");
  EXPECT_EQ(json_of(-42), "-42");
  EXPECT_EQ(json_of(std::uint64_t{18446744073709551615ull}), "18446744073709551615");
  EXPECT_EQ(json_of(0.5), "0.5");
  EXPECT_EQ(json_of(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(json_of(std::string("a\"b\\c\n</script>&")), R"("a\"b\\c\n\u003c/script\u003e\u0026")");
  EXPECT_EQ(json_of("lit"), R"("lit")");
  EXPECT_EQ(json_of(std::optional<int>()), "null");
  EXPECT_EQ(json_of(std::optional<int>(3)), "3");
  EXPECT_EQ(json_of(std::vector<int>{3, 1, 4}), "[3,1,4]");
  EXPECT_EQ(json_of(std::map<std::string, std::vector<bool>>{{"a", {true}}, {"b", {}}}), R"({"a":[true],"b":[]})");
  EXPECT_EQ(json_of(Html{"<b>x</b>"}), R"("\u003cb\u003ex\u003c/b\u003e")");
  EXPECT_EQ(json_of(geo::Point{1, 2.5}), "[1,2.5]");
  EXPECT_EQ(json_of(std::vector<geo::Named>{{"Ada", 36}, {"Bob", {}}}),
            R"([{"name":"Ada","age":36},{"name":"Bob","age":null}])");
  client::PropsJson props;
  EXPECT_EQ(client::PropsJson().take(), "{}");
  props.add("start", 5);
  props.add("label", std::string_view("Clicks"));
  EXPECT_EQ(props.take(), R"({"start":5,"label":"Clicks"})");
}

class FixedRenderer : public detail::ClientRenderer {
 public:
  std::string render(std::string_view component, std::string_view props, const std::string* children) override {
    return "<b>" + std::string(component) + " " + std::string(props) + (children ? " " + *children : "") + "</b>";
  }
};

std::string page(Context& ctx, std::string_view directive) {
  Output out;
  auto children = [](Output& o) { o.raw("<i>kids</i>"); };
  auto fallback = [](Output& o) { o.raw("<p>wait</p>"); };
  const Slot slots[] = {{"default", children}, {"fallback", fallback}};
  detail::render_client_island(ctx, out, {"components/C.jsx", "/_isl/js/C-X.js", directive, ""}, R"({"a":"<"})",
                               Slots(slots));
  detail::render_client_island(ctx, out, {"components/C.jsx", "/_isl/js/C-X.js", "only", ""}, "{}", Slots());
  detail::finish_page(ctx, out);
  return out.take();
}

TEST(ClientIsland, InTheBrowserBehindTheFallback) {
  Context ctx;
  std::string html = page(ctx, "load");
  EXPECT_EQ(html.substr(0, html.find("<script>")),
            "<isl-island c=\"/_isl/js/C-X.js\" d=\"load\" p=\"{&quot;a&quot;:&quot;&lt;&quot;}\"><p>wait</p>"
            "<template data-isl-children><i>kids</i></template></isl-island>"
            "<isl-island c=\"/_isl/js/C-X.js\" d=\"only\" p=\"{}\"></isl-island>");
  EXPECT_NE(html.find(detail::client_runtime_script()), std::string::npos);
  EXPECT_EQ(html.find("<script>"), html.rfind("<script>")) << "one runtime per page";
}

TEST(ClientIsland, RenderedAtBuildTimeUnlessClientOnly) {
  FixedRenderer renderer;
  detail::set_client_renderer(&renderer);
  Context ctx;
  detail::ContextAccess::set_prerendering(ctx, true);
  std::string html = page(ctx, "visible");
  detail::set_client_renderer(nullptr);
  EXPECT_NE(html.find("d=\"visible\" p=\"{&quot;a&quot;:&quot;&lt;&quot;}\" ssr><b>components/C.jsx {\"a\":\"<\"} "
                      "<i>kids</i></b><template data-isl-children><i>kids</i></template></isl-island>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("d=\"only\" p=\"{}\"></isl-island>"), std::string::npos) << html;
}

}  // namespace
}  // namespace isl
