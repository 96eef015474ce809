---
import Profile from "../components/Profile.isl";
---
<main>
  <Profile server:defer name="Ada" />
</main>
