// A POST route that reads the fields of a form-encoded body with ctx.form().
#include <isl/app.hpp>

#include <string>

void configure(isl::App& app) {
  app.post("/echo", [](isl::Context& ctx) -> std::string {
    return "hello " + ctx.form("who").value_or("(none)") + ", n=" + ctx.form("n").value_or("(none)") +
           ", missing=" + ctx.form("missing").value_or("(none)");
  });
}
