---
import StockStatus from "../components/StockStatus.isl";

std::string id = "p-1";
if (ctx.query("login") == "1") return ctx.redirect("/login");
---
<StockStatus productId={id} max={5} />
<StockStatus productId="p-2" />
