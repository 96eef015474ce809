---
// Best sellers of the last 30 days. The same for everyone and cheap to be a minute late,
// so the island lets browsers and CDNs keep its answer for 60 seconds.
#include <chrono>
#include <ctime>
#include "lib/shop.hpp"

ctx.set_header("Cache-Control", "public, max-age=60");
auto sellers = shop::best_sellers(4);

std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
std::tm utc{};
gmtime_r(&now, &utc);
char stamp[16];
std::strftime(stamp, sizeof stamp, "%H:%M UTC", &utc);
---
<aside class="best-sellers card">
  <div class="card-title">
    <h3>Best sellers this month</h3>
    <span class="fresh">as of {stamp}</span>
  </div>
  <ol>
    {#for const auto& s : sellers}
      <li>
        <a href={"/product/" + std::to_string(s.product.id)}>{s.product.name}</a>
        <span class="sold">{s.sold} sold</span>
      </li>
    {:empty}
      <li class="none">Nothing sold yet this month.</li>
    {/for}
  </ol>
</aside>
<style>
  .fresh { font-size: 0.8rem; color: var(--muted); white-space: nowrap; }
  ol { list-style: none; margin: 0; padding: 0; counter-reset: rank; }
  li {
    counter-increment: rank;
    display: flex;
    align-items: center;
    gap: 0.75rem;
    padding: 0.6rem 0;
    border-top: 1px solid var(--line);
  }
  li:first-child { border-top: 0; padding-top: 0; }
  li::before {
    content: counter(rank);
    display: grid;
    place-items: center;
    flex: none;
    width: 1.7rem;
    height: 1.7rem;
    border-radius: 50%;
    background: var(--accent-soft);
    color: var(--accent-dark);
    font-size: 0.8rem;
    font-weight: 700;
  }
  li.none::before { content: none; }
  li a { flex: 1; color: var(--ink); text-decoration: none; font-weight: 500; }
  li a:hover { color: var(--accent); }
  .sold { font-size: 0.85rem; color: var(--muted); }
</style>
