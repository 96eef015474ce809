---
struct Props {
  std::string label;
};
---
<p class="part">{props.label} for {ctx.cookie("user").value_or("guest")}</p>
