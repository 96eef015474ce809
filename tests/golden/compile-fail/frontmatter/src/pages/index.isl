---
std::string name = "x";
int length = name;
---
<p>{length}</p>
