// The runner's self-test page: each thing here is one thing a step can see.
document.getElementById('w').textContent = String(window.innerWidth);
// An island request announced by <link rel=preload> and consumed by this fetch (same
// credentials mode): Chromium reports one request, which must count as one island.
fetch('/_server-islands/Nope?p=a');
let clicks = 0;
document.getElementById('inc').addEventListener('click', (e) => {
  clicks++;
  document.getElementById('n').textContent = String(clicks);
  e.target.dispatchEvent(new CustomEvent('selftest:click', { bubbles: true }));
  // Dispatched on window only: it never reaches document, so it must not be counted.
  window.dispatchEvent(new CustomEvent('selftest:click'));
  fetch('/selftest.json?click=' + clicks);
});
new IntersectionObserver((entries) => {
  if (entries.some((x) => x.isIntersecting)) document.getElementById('seen').textContent = 'seen';
}).observe(document.getElementById('far'));
