---
import Box from "../components/Box.isl";
---
<Box title="styles without a head" />
<Box title="an island" note="sealed" server:defer><p slot="fallback">loading…</p>default slot</Box>
