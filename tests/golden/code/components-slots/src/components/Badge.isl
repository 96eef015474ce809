---
struct Props {
  std::string text = "new";
};
---
<span class="badge">{props.text}</span>
