---
struct Props {
  std::string title;
  int count = 0;
};
---
<p>{props.title}: {props.count}</p>
