---
struct Props {
  std::string who;
};
---
<span class="inner">inner for {props.who}</span>
