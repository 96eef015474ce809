---
// Today's weather at one of our stores. The weather service can fail (it has no station
// near Hallstatt); the island catches that and offers a retry instead of breaking the page.
#include "lib/weather.hpp"

struct Props {
  std::string city;
};

std::optional<weather::Report> report;
std::string error;
try {
  report = weather::fetch(props.city);
} catch (const std::exception& e) {
  error = e.what();
}
---
<div class="weather">
  {#if report}
    <div class={"sky " + report->icon} aria-hidden="true"></div>
    <div>
      <p class="temp">{report->celsius}°C <span>{report->condition}</span></p>
      <p class="wind">Wind {report->wind_kmh} km/h</p>
    </div>
  {:else}
    <div class="weather-error" role="alert">
      <p><strong>Weather unavailable.</strong> Failed to load weather: {error}.</p>
      <button class="button small ghost" type="button" onclick="location.reload()">Retry</button>
    </div>
  {/if}
</div>
<style>
  .weather { display: flex; align-items: center; gap: 0.9rem; min-height: 3.5rem; }
  .sky { flex: none; width: 2.75rem; height: 2.75rem; border-radius: 50%; position: relative; }
  .sky.sun { background: radial-gradient(circle at 50% 50%, #f7b733 0 45%, #fde3a7 46% 100%); }
  .sky.cloud { background: radial-gradient(circle at 35% 40%, #f7b733 0 28%, transparent 29%), radial-gradient(circle at 60% 62%, #cfd8e3 0 38%, transparent 39%), #eef2f6; }
  .sky.rain { background: radial-gradient(circle at 50% 40%, #9aa9bb 0 38%, transparent 39%), repeating-linear-gradient(110deg, transparent 0 6px, #7fa3c7 6px 8px), #e7edf3; }
  .temp { margin: 0; font-size: 1.25rem; font-weight: 700; }
  .temp span { font-size: 0.95rem; font-weight: 500; color: var(--ink-2); margin-left: 0.3rem; }
  .wind { margin: 0; font-size: 0.85rem; color: var(--muted); }
  .weather-error {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.6rem;
    width: 100%;
    padding: 0.7rem 0.9rem;
    border-radius: var(--radius-sm);
    background: var(--red-soft);
    color: var(--red);
    font-size: 0.9rem;
  }
  .weather-error p { margin: 0; }
  .weather-error .button { flex: none; background: #fff; }
</style>
