---
struct Props {
  std::string text;
  int size = 1;
  std::optional<std::string> title;
};
---
<span class="badge"><slot name="icon" />{props.text}</span>
