---
import UserProfile from "../components/UserProfile.isl";
import Clock from "../components/Clock.isl";
---
<UserProfile server:defer userId="u1" recent={std::vector<int>{1, 2}} />
<UserProfile server:defer userId="u2">
  <p slot="fallback">Loading the profile…</p>
  <p slot="error">No profile. <button data-isl-retry>Retry</button></p>
  Default slot, rendered with the page.
</UserProfile>
<Clock server:defer><span slot="fallback">--:--</span></Clock>
<Clock />
