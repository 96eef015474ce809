---
import Layout from "../layouts/Layout.isl";
---
<Layout title="About the shop">
  <article class="about">
    <h1>About the shop</h1>
    <p>Bench Shop sells kettles, drippers, grinders, mugs and tea. We started in a small room above a bakery,
      roasting a few kilos a week for friends, and grew one customer at a time. Every product on these pages
      is something we use every day, and we only add a new one after a month of daily use.</p>
    <p>Orders placed before two in the afternoon leave the same day. Delivery is free over fifty dollars,
      and every parcel is packed in recycled paper without plastic. If something is not right, send it back
      within thirty days and we refund it in full, even if you simply changed your mind.</p>
    <h2>Our stores</h2>
    <ul>
      <li><strong>Lisbon</strong>, Rua das Flores 12: open every day from eight to eight.</li>
      <li><strong>Edinburgh</strong>, 4 Victoria Street: closed on Mondays.</li>
      <li><strong>Kyoto</strong>, Sanjo-dori 88: tastings every Saturday morning.</li>
      <li><strong>Hallstatt</strong>, Seestrasse 3: summer only.</li>
    </ul>
    <h2>Where it comes from</h2>
    <p>Our kettles are made in a small workshop outside Porto, our mugs by two potters in Stoke, and our tea
      comes from three family gardens we have visited ourselves. We pay them before the harvest, not after,
      and we print the name of the maker on every box, because the people who make things deserve to be known.</p>
    <h2>Brewing help</h2>
    <p>Not sure which grinder suits your dripper, or why your tea tastes bitter? Write to us or visit a store:
      the people who answer are the people who choose what we sell, and they like nothing better than a long
      conversation about water temperature, grind size and steeping time.</p>
    <p>We also publish short guides for every product: how to set it up, how to clean it, and how to get the
      best cup out of it. They are printed on the card that comes in the box.</p>
  </article>
</Layout>
<style>
  .about h1 { font-size: 2rem; }
  .about li { margin: 0.25rem 0; }
</style>
