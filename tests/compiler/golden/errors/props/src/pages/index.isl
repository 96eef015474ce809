---
import Badge from "../components/Badge.isl";
---
<Badge text="new" colour="red" />
<Badge size={2} />
<Badge text="x"><b slot="icon">1</b><i slot="icon">2</i></Badge>
