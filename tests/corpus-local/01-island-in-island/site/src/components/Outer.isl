---
import Inner from "./Inner.isl";

struct Props {
  std::string who;
};
---
<div class="outer">outer for {props.who}:
<Inner who={props.who + "'s friend"} server:defer>
  <span slot="fallback">inner loading...</span>
</Inner>
end of outer</div>
