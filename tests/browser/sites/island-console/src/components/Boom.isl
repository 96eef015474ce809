---
#include <stdexcept>

throw std::runtime_error("the stock service is down");
---
<p>never shown</p>
