---
bool open = true;
---
<html>
<body>
{#if open}
<p>open</p>
</body>
</html>
