---
// Redirects to the same server under its other name: 127.0.0.1 <-> localhost (two origins).
std::string host = ctx.header("Host").value_or("127.0.0.1");
const auto colon = host.rfind(':');
const std::string port = colon == std::string::npos ? std::string() : host.substr(colon);
const std::string name = host.substr(0, colon);
return ctx.redirect("http://" + std::string(name == "localhost" ? "127.0.0.1" : "localhost") + port + "/landing");
---
<p>never shown</p>
