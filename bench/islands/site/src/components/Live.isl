---
struct Props {
  int n = 0;
};
---
<p class="live">live value {props.n}</p>
