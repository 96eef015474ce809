---
struct Point {
  int x = 0;
};
Point p;
---
<p>At {p}</p>
