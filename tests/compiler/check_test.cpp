// The check stage's resolved model: what the generator is given for each component use.
#include <gtest/gtest.h>

#include "compiler/check/check.hpp"
#include "compiler/parse/load_site.hpp"
#include "test_support.hpp"

namespace isl::compiler {
namespace {

using testing::TempDir;

struct Checked {
  SiteModel model;
  Diagnostics diags;
  const Unit& unit(std::string_view relative) const {
    for (const auto& u : model.units)
      if (u->relative == relative) return *u;
    throw std::runtime_error("no unit " + std::string(relative));
  }
};

Checked check(const TempDir& site) {
  Checked c;
  const auto src = site.path() / "src";
  load_site(src, site.path(), c.model, c.diags);
  resolve_imports(c.model, src, c.diags);
  resolve_uses(c.model, c.diags);
  assign_routes(c.model, c.diags);
  assign_island_names(c.model);
  return c;
}

// The uses of a unit in template order.
std::vector<const ComponentUse*> uses_in_order(const Unit& u) {
  std::vector<const ComponentUse*> out;
  walk(u.ast.nodes, [&](const Node& n) {
    if (const ComponentUse* use = u.use_of(n)) out.push_back(use);
  });
  return out;
}

TEST(Check, EachUseKnowsItsTargetPropsInDeclarationOrderAndSlotFills) {
  TempDir site;
  site.write("src/components/Card.isl",
             "---\nstruct Props { std::string title; int count = 0; bool wide = false; };\n---\n"
             "<div><slot /><slot name=\"footer\" /></div>");
  site.write("src/components/Stock.isl", "---\nstruct Props { int sku; };\n---\n<p>{props.sku}</p>");
  site.write("src/components/Counter.jsx", "export default function Counter() { return null; }\n");
  site.write("src/pages/index.isl",
             "---\nimport Card from \"../components/Card.isl\";\nimport Stock from \"../components/Stock.isl\";\n"
             "import Counter from \"../components/Counter.jsx\";\n---\n"
             "<Card wide count={2} title=\"Hi\">\n  <p>body</p>\n  <footer slot=\"footer\">f</footer>\n</Card>\n"
             "<Stock server:defer sku={7}><p slot=\"fallback\">…</p></Stock>\n"
             "<Counter client:media=\"(max-width: 600px)\" start={1} label=\"n\" />\n");
  Checked c = check(site);
  ASSERT_TRUE(c.diags.empty()) << c.diags.format(false);
  const Unit& page = c.unit("pages/index.isl");
  auto uses = uses_in_order(page);
  ASSERT_EQ(uses.size(), 3u);

  const ComponentUse& card = *uses[0];
  EXPECT_EQ(card.target, &c.unit("components/Card.isl"));
  EXPECT_FALSE(card.deferred);
  ASSERT_EQ(card.props.size(), 3u);  // declared order, not written order
  EXPECT_EQ(card.props[0].member->name, "title");
  EXPECT_EQ(card.props[0].attribute->value, "Hi");
  EXPECT_EQ(card.props[1].member->name, "count");
  EXPECT_EQ(card.props[1].attribute->value, "2");
  EXPECT_EQ(card.props[2].member->name, "wide");
  ASSERT_EQ(card.slots.size(), 2u);
  EXPECT_EQ(card.slots[0].name, "default");
  EXPECT_FALSE(card.slots[0].named);
  EXPECT_EQ(card.slots[1].name, "footer");
  EXPECT_TRUE(card.slots[1].named);
  ASSERT_EQ(card.slots[1].nodes.size(), 1u);
  EXPECT_EQ(card.slots[1].nodes[0]->text, "footer");

  const ComponentUse& stock = *uses[1];
  EXPECT_TRUE(stock.deferred);
  EXPECT_TRUE(stock.target->is_island);
  EXPECT_EQ(stock.target->island_name, "Stock");
  ASSERT_EQ(stock.slots.size(), 1u);  // the white-space-free default slot is not there
  EXPECT_EQ(stock.slots[0].name, "fallback");
  EXPECT_FALSE(c.unit("components/Card.isl").is_island);

  const ComponentUse& counter = *uses[2];
  ASSERT_NE(counter.client, nullptr);
  EXPECT_EQ(counter.target, nullptr);
  EXPECT_EQ(counter.client->relative, "components/Counter.jsx");
  EXPECT_TRUE(counter.client->rendered_at_build);
  EXPECT_EQ(counter.directive.name, "media");
  EXPECT_EQ(counter.directive.media, "(max-width: 600px)");
  ASSERT_EQ(counter.props.size(), 2u);  // written order; the directive is no prop
  EXPECT_EQ(counter.props[0].member, nullptr);
  EXPECT_EQ(counter.props[0].attribute->name, "start");
  EXPECT_EQ(counter.props[1].attribute->name, "label");
  EXPECT_TRUE(counter.slots.empty());
}

TEST(Check, LeftOutMembersOfUnseenTypesAreLeftToTheCppCompiler) {
  TempDir site;
  site.write("src/components/Row.isl",
             "---\nusing Id = int;\nstruct Props { Id id; std::optional<int> n; std::string s; };\n---\n<tr />");
  site.write("src/pages/index.isl", "---\nimport Row from \"../components/Row.isl\";\n---\n<Row s=\"x\" />");
  Checked c = check(site);
  ASSERT_TRUE(c.diags.empty()) << c.diags.format(false);
  auto uses = uses_in_order(c.unit("pages/index.isl"));
  ASSERT_EQ(uses.size(), 1u);
  ASSERT_EQ(uses[0]->left_out_unchecked.size(), 1u);
  EXPECT_EQ(uses[0]->left_out_unchecked[0]->name, "id");
  ASSERT_EQ(uses[0]->props.size(), 1u);
  EXPECT_EQ(uses[0]->props[0].member->name, "s");
}

TEST(Check, AUseThatDoesNotResolveHasNoEntryAndIsReported) {
  TempDir site;
  site.write("src/components/Card.isl", "<div />");
  site.write("src/pages/index.isl", "---\nimport Card from \"../components/Card.isl\";\n---\n<Crad /><Card />");
  Checked c = check(site);
  EXPECT_NE(c.diags.format(false).find("unknown component <Crad>; did you mean <Card>?"), std::string::npos)
      << c.diags.format(false);
  EXPECT_EQ(uses_in_order(c.unit("pages/index.isl")).size(), 1u);
}

}  // namespace
}  // namespace isl::compiler
