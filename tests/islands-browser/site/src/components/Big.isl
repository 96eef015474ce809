---
struct Props {
  std::string pad;
};
---
<p class="big">big {props.pad.size()}</p>
