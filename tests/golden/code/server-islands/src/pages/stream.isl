---
import Clock from "../components/Clock.isl";
export constexpr bool prerender = false;
export constexpr bool stream_islands = true;
---
<Clock server:defer />
