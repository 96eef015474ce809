---
import Chart from "../components/Chart.tsx";
import Counter from "../components/Counter.jsx";
std::vector<int> points = {3, 1, 4};
---
<Chart client:visible points={points} title="Sales" />
<Counter client:load start={5}><p slot="fallback">…</p>Clicks</Counter>
<Counter client:idle start={1} />
<Counter client:media="(max-width: 40em)" start={2} wide />
<Counter client:only start={3} />
