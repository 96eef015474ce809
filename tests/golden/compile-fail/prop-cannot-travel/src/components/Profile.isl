---
export struct Avatar {
  std::string url;
};
struct Props {
  std::string name;
  Avatar avatar = {};
};
---
<p>{props.name}</p>
