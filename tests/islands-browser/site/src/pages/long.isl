---
import Big from "../components/Big.isl";
// Island URLs of every length around 2048 - len("http://127.0.0.1:PORT"): some are under
// 2048 bytes relative but over it in full, which the loader must POST.
std::vector<int> sizes;
for (int n = 1380; n <= 1480; n += 2) sizes.push_back(n);
---
<!doctype html>
<html>
<head><title>long</title></head>
<body>
<h1>Long</h1>
{#for int n : sizes}
<Big pad={std::string(static_cast<std::size_t>(n), 'x')} server:defer />
{/for}
</body>
</html>
