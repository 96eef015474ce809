---
import Layout from "../layouts/Layout.isl";
import UserStats from "../components/UserStats.isl";
import Notifications from "../components/Notifications.isl";
import ActivityFeed from "../components/ActivityFeed.isl";
---
<Layout title="Your account" section="dashboard">
  <header class="page-head">
    <p class="eyebrow">Your account</p>
    <h1>Dashboard</h1>
    <p class="lede">Orders, points and news, as of right now. This page is static; each panel
      below is a server island that arrives on its own.</p>
  </header>
  <div class="dashboard">
    <UserStats server:defer>
      <section slot="fallback" class="card" aria-busy="true" aria-label="Loading your stats">
        <span class="skeleton title"></span>
        <span class="skeleton block"></span>
        <span class="skeleton line short"></span>
      </section>
    </UserStats>
    <Notifications server:defer>
      <section slot="fallback" class="card" aria-busy="true" aria-label="Loading notifications">
        <span class="skeleton title"></span>
        <span class="skeleton line"></span>
        <span class="skeleton line short"></span>
        <span class="skeleton line"></span>
        <span class="skeleton line short"></span>
      </section>
    </Notifications>
    <ActivityFeed server:defer>
      <section slot="fallback" class="card" aria-busy="true" aria-label="Loading activity">
        <span class="skeleton title"></span>
        <span class="skeleton line"></span>
        <span class="skeleton line"></span>
        <span class="skeleton line short"></span>
        <span class="skeleton line"></span>
      </section>
    </ActivityFeed>
  </div>
</Layout>
<style>
  .page-head { margin-bottom: 2rem; }
  .dashboard {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
    gap: 1.5rem;
    align-items: start;
  }
</style>
