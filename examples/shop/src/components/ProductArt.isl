---
// A drawing of a product, tinted with its hue: the shop has no photographs yet.
struct Props {
  std::string category;
  int hue = 30;
  bool large = false;
};
---
<div class={props.large ? "art large" : "art"} style={"--hue: " + std::to_string(props.hue)}>
  <svg viewBox="0 0 200 160" role="img" aria-hidden="true">
    <circle class="halo" cx="100" cy="86" r="62" />
    <ellipse class="shadow" cx="100" cy="140" rx="58" ry="6" />
    {#if props.category == "kettle"}
      <path class="main" d="M60 136 Q56 90 80 72 L120 72 Q144 90 140 136 Z" />
      <rect class="dark" x="82" y="63" width="36" height="11" rx="4" />
      <circle class="dark" cx="100" cy="57" r="6" />
      <path class="stroke dark-stroke" d="M64 116 C42 110 38 76 22 62" stroke-width="6" />
      <path class="stroke dark-stroke" d="M136 84 C170 84 170 124 138 124" stroke-width="7" />
      <path class="stroke shine" d="M78 92 Q73 110 75 127" stroke-width="5" />
    {:else if props.category == "dripper"}
      <rect class="light" x="70" y="104" width="60" height="33" rx="7" />
      <path class="main" d="M50 50 L150 50 L120 100 L80 100 Z" />
      <rect class="dark" x="72" y="97" width="56" height="8" rx="3" />
      <path class="stroke main-stroke" d="M146 60 C170 60 168 86 134 86" stroke-width="7" />
      <path class="stroke shine" d="M86 58 L96 92 M104 58 L104 92 M122 58 L112 92" stroke-width="2.5" />
      <path class="stroke shine" d="M52 50 L148 50" stroke-width="3" />
    {:else if props.category == "mug"}
      <path class="stroke dark-stroke faint" d="M84 44 q-6 -8 0 -16 q6 -8 0 -16 M100 44 q-6 -8 0 -16 q6 -8 0 -16 M116 44 q-6 -8 0 -16 q6 -8 0 -16" stroke-width="3" />
      <path class="stroke main-stroke" d="M134 74 C166 74 166 120 134 120" stroke-width="11" />
      <rect class="main" x="60" y="54" width="76" height="84" rx="12" />
      <rect class="light" x="60" y="112" width="76" height="9" />
      <ellipse class="dark" cx="98" cy="56" rx="38" ry="6" />
      <path class="stroke shine" d="M72 68 L72 104" stroke-width="5" />
    {:else if props.category == "grinder"}
      <path class="stroke dark-stroke" d="M100 56 L100 38 L150 32" stroke-width="6" />
      <circle class="light" cx="152" cy="32" r="9" />
      <circle class="dark" cx="100" cy="38" r="6" />
      <rect class="main" x="72" y="62" width="56" height="76" rx="9" />
      <rect class="dark" x="68" y="54" width="64" height="13" rx="5" />
      <rect class="light" x="72" y="100" width="56" height="7" />
      <path class="stroke shine" d="M82 72 L82 94 M82 114 L82 128" stroke-width="5" />
    {:else}
      <rect class="main" x="64" y="58" width="72" height="80" rx="7" />
      <rect class="dark" x="60" y="47" width="80" height="17" rx="5" />
      <rect class="light" x="64" y="80" width="72" height="36" />
      <path class="main" d="M100 85 C116 90 116 106 100 111 C84 106 84 90 100 85 Z" />
      <path class="stroke shine" d="M100 88 L100 108" stroke-width="2" />
    {/if}
  </svg>
</div>
<style>
  .art {
    aspect-ratio: 5 / 4;
    background: linear-gradient(160deg, hsl(var(--hue) 55% 94%), hsl(var(--hue) 40% 88%));
    display: grid;
    place-items: center;
  }
  .art svg { width: 78%; height: auto; }
  .art.large { border-radius: var(--radius); }
  .art.large svg { width: 70%; }
  .halo { fill: hsl(var(--hue) 60% 97% / 0.7); }
  .shadow { fill: hsl(var(--hue) 30% 30% / 0.14); }
  .main { fill: hsl(var(--hue) 40% 47%); }
  .dark { fill: hsl(var(--hue) 32% 27%); }
  .light { fill: hsl(var(--hue) 50% 80%); }
  .stroke { fill: none; stroke-linecap: round; }
  .main-stroke { stroke: hsl(var(--hue) 40% 47%); }
  .dark-stroke { stroke: hsl(var(--hue) 32% 27%); }
  .faint { opacity: 0.35; }
  .shine { stroke: #fff; opacity: 0.4; }
</style>
