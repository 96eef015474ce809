---
import Counter from "../components/Counter.jsx";
import Card from "../components/Card.isl";
---
<Counter client:lod start={1} />
<Counter client:load client:idle start={2} />
<Counter client:visible server:defer start={3} />
<Counter client:media start={4} />
<Counter start={5} />
<Card client:load>x</Card>
<Counter client:only="yes" />
