#include "client_frameworks.hpp"

#include <algorithm>

namespace isl::cli {
namespace {

// Children arrive as HTML: a static element that holds it (Astro's static-html), so
// that hydration finds the same markup and leaves it alone.
constexpr std::string_view kPreactAdapter =
    "import{h,hydrate,render}from\"preact\";\n"
    "const S=({value})=>h(\"isl-slot\",{dangerouslySetInnerHTML:{__html:value}});\n"
    "export function mount(el,C,p,c,s){(s?hydrate:render)(c==null?h(C,p):h(C,p,h(S,{value:c})),el)}\n";

constexpr std::string_view kReactAdapter =
    "import{createElement as h}from\"react\";import{hydrateRoot,createRoot}from\"react-dom/client\";\n"
    "const S=({value})=>h(\"isl-slot\",{dangerouslySetInnerHTML:{__html:value},suppressHydrationWarning:true});\n"
    "export function mount(el,C,p,c,s){const v=c==null?h(C,p):h(C,p,h(S,{value:c}));"
    "s?hydrateRoot(el,v):createRoot(el).render(v)}\n";

const Framework kFrameworks[] = {
    {"preact", "preact", kPreactAdapter,
     "import{h}from\"preact\";import{renderToString}from\"preact-render-to-string\";\n",
     "preact-render-to-string", "preact-render-to-string@6.8.2"},
    {"react", "react", kReactAdapter,
     "import{createElement as h}from\"react\";import{renderToString}from\"react-dom/server\";\n", "react-dom", ""},
};

}  // namespace

const Framework* framework_for(const std::vector<std::string>& packages) {
  auto has = [&](std::string_view p) { return std::find(packages.begin(), packages.end(), p) != packages.end(); };
  if (has("preact")) return &kFrameworks[0];
  if (has("react") && has("react-dom")) return &kFrameworks[1];
  return nullptr;
}

std::string ssr_server_source(const Framework& framework, const std::string& imports, const std::string& components) {
  std::string s(framework.ssr_imports);
  s += "import{createInterface}from\"node:readline\";\n";
  s += imports;
  s += "const C={" + components + "};\n";
  s += framework.name == "react"
           ? "const S=({value})=>h(\"isl-slot\",{dangerouslySetInnerHTML:{__html:value},suppressHydrationWarning:true});\n"
           : "const S=({value})=>h(\"isl-slot\",{dangerouslySetInnerHTML:{__html:value}});\n";
  s += "createInterface({input:process.stdin}).on(\"line\",l=>{let o;try{const q=JSON.parse(l),k=C[q.c];"
       "if(!k)throw Error(\"no client component \"+q.c);"
       "o={html:renderToString(q.h==null?h(k,q.p):h(k,q.p,h(S,{value:q.h})))}}"
       "catch(e){o={error:String(e&&e.stack||e)}}process.stdout.write(JSON.stringify(o)+\"\\n\")});\n";
  return s;
}

}  // namespace isl::cli
